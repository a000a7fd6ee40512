"""The Python twins' bases: ``Stage`` (any transform) and ``MapStage`` (a $Key/$Value transform of a map).

``MapStage`` holds, once, what every map-shaped Kafka SMT does around its own work: pick the key or the value,
let a null (tombstone) pass through, refuse a non-map with Kafka's ``requireMap`` error, and put the new map
into a new record, never touching the one it was given. A twin writes only ``apply_map(data) -> dict``.
"""

from __future__ import annotations

from .record import Record


class Stage:
    """One configured transform of a chain: ``apply(record)`` returns a new Record, the same one, or None to
    drop it (Kafka's ``Transformation.apply``). ``spec`` is the configuration the twins of a family share."""

    def __init__(self, spec):
        self.spec = spec

    def apply(self, record):
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} {self.spec.alias!r}>"


class MapStage(Stage):
    """A transform of the record's key (``spec.on_key``) or value, as a schemaless map."""

    def __init__(self, spec):
        super().__init__(spec)
        self._side = 2 if spec.on_key else 1  # the position of key or value in a Record
        self._with = Record.with_key if spec.on_key else Record.with_value

    def apply(self, record):
        data = record[self._side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        out = self.apply_map(data)
        return record if out is data else self._with(record, out)

    def apply_map(self, data: dict) -> dict:
        """The transformed map: a new dict, or ``data`` itself when nothing changes. Never mutate ``data``."""
        raise NotImplementedError
