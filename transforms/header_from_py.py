"""HeaderFrom — the pure-Python twin (the reference). Configuration: header_from.py."""

from __future__ import annotations

from .stage_py import Stage


class HeaderFrom(Stage):
    """Append a header per configured field, with the field's value; ``move`` also drops the fields."""

    def __init__(self, spec):
        super().__init__(spec)
        self._side = 2 if spec.on_key else 1
        self._pairs = tuple(zip(spec.fields, spec.headers))
        self._moved = frozenset(spec.fields) if spec.move else frozenset()

    def apply(self, record):
        data = record[self._side]
        if not isinstance(data, dict):  # a tombstone too: Kafka's requireMap refuses null
            raise self.spec.not_a_map(data)
        added = tuple((header, data.get(field)) for field, header in self._pairs)
        out = record.with_headers(tuple(record.headers) + added)
        if self._moved:
            kept = {name: value for name, value in data.items() if name not in self._moved}
            out = out.with_key(kept) if self.spec.on_key else out.with_value(kept)
        return out
