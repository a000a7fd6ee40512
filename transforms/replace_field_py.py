"""ReplaceField — the pure-Python twin (the reference). Configuration: replace_field.py."""

from __future__ import annotations

from .replace_field import ReplaceFieldSpec


class ReplaceField:
    """Keep, drop and rename the top-level fields of a schemaless key or value.

    Two fields renamed to the same name (or a rename onto a kept field): the one later in the record wins. Kafka
    iterates a HashMap there, so its winner is unspecified; ours is deterministic.
    """

    def __init__(self, spec: ReplaceFieldSpec):
        self.spec = spec

    def apply(self, record):
        spec = self.spec
        data = spec.operating_map(record)
        if data is None:
            return record
        renames, include, exclude = spec.renames, spec.included, spec.excluded
        if include or exclude:
            out = {
                renames.get(name, name): value
                for name, value in data.items()
                if name not in exclude and (not include or name in include)
            }
        else:  # renames only, the usual case: skip two set tests per field
            out = {renames.get(name, name): value for name, value in data.items()}
        return record.with_key(out) if spec.on_key else record.with_value(out)
