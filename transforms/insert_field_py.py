"""InsertField — the pure-Python twin (the reference). Configuration: insert_field.py."""

from __future__ import annotations

from .insert_field import no_offset
from .java_types import Int32
from .stage_py import MapStage


class InsertField(MapStage):
    """Copy the key or value map and add the record's topic, partition, offset, timestamp and a static string."""

    def apply(self, record):
        data = record[self._side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        spec = self.spec
        out = dict(data)
        if spec.topic_field is not None:
            out[spec.topic_field] = record.topic
        if spec.partition_field is not None and record.partition is not None:
            out[spec.partition_field] = Int32(record.partition)  # Kafka inserts an Integer
        if spec.offset_field is not None:
            if record.offset is None:
                raise no_offset(spec)
            out[spec.offset_field] = record.offset
        if spec.timestamp_field is not None and record.timestamp is not None:
            out[spec.timestamp_field] = record.timestamp
        if spec.static_field is not None:
            out[spec.static_field] = spec.static_value
        return self._with(record, out)
