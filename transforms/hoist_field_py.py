"""HoistField — the pure-Python twin (the reference). Configuration: hoist_field.py."""

from __future__ import annotations

from .stage_py import MapStage


class HoistField(MapStage):
    """Wrap the key or value, null included, in a one-entry map ``{field: value}``."""

    def apply(self, record):
        return self._with(record, {self.spec.field: record[self._side]})
