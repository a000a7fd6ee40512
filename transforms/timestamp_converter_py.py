"""TimestampConverter — the pure-Python twin (the reference).

Configuration and conversions: timestamp_converter.py."""

from __future__ import annotations

from .stage_py import MapStage


class TimestampConverter(MapStage):
    """Convert a timestamp (the whole key/value, or one field of it) between unix time, strings and datetimes."""

    def apply(self, record):
        spec = self.spec
        if spec.field:
            return super().apply(record)  # a null passes, a non-map fails, then apply_map
        data = record[self._side]
        if data is None:
            return record
        return self._with(record, spec.convert(data, ""))

    def apply_map(self, data):
        field = self.spec.field
        out = dict(data)
        out[field] = self.spec.convert(data.get(field), field)
        return out
