# cython: language_level=3
"""InsertField — the Cython twin. Must behave exactly like insert_field_py.py (tests/test_insert_field.py)."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem

from transforms.stage_c cimport MapStage, as_record, replace_item

from transforms.insert_field import no_offset
from transforms.java_types import Int32


cdef class InsertField(MapStage):
    cdef object topic_field, partition_field, offset_field, timestamp_field, static_field, static_value

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.topic_field = spec.topic_field
        self.partition_field = spec.partition_field
        self.offset_field = spec.offset_field
        self.timestamp_field = spec.timestamp_field
        self.static_field = spec.static_field
        self.static_value = spec.static_value

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        cdef dict out = PyDict_Copy(data)
        if self.topic_field is not None:
            PyDict_SetItem(out, self.topic_field, rec[0])
        if self.partition_field is not None and rec[3] is not None:
            PyDict_SetItem(out, self.partition_field, Int32(rec[3]))  # Kafka inserts an Integer
        if self.offset_field is not None:
            if rec[4] is None:
                raise no_offset(self.spec)
            PyDict_SetItem(out, self.offset_field, rec[4])
        if self.timestamp_field is not None and rec[5] is not None:
            PyDict_SetItem(out, self.timestamp_field, rec[5])
        if self.static_field is not None:
            PyDict_SetItem(out, self.static_field, self.static_value)
        return replace_item(rec, self.side, out)
