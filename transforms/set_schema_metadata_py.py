"""SetSchemaMetadata — the pure-Python twin (the reference). Configuration: set_schema_metadata.py."""

from __future__ import annotations

from .stage_py import MapStage


class SetSchemaMetadata(MapStage):
    """Schemaless records have no schema to update: a null key/value passes, anything else is an error."""

    def apply(self, record):
        data = record[self._side]
        if data is None:
            return record
        raise self.spec.no_schema(data)
