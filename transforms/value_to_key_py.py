"""ValueToKey — the pure-Python twin (the reference). Configuration: value_to_key.py."""

from __future__ import annotations

from .stage_py import Stage


class ValueToKey(Stage):
    """Make the key a map of some value fields (a missing one is None); the value must be a map."""

    def apply(self, record):
        value = record.value
        if not isinstance(value, dict):
            raise self.spec.value_not_a_map(value)
        return record.with_key({name: value.get(name) for name in self.spec.fields})
