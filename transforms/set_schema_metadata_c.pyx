# cython: language_level=3
"""SetSchemaMetadata — the Cython twin. Must behave exactly like set_schema_metadata_py.py
(tests/test_set_schema_metadata.py)."""

from transforms.stage_c cimport MapStage, as_record


cdef class SetSchemaMetadata(MapStage):
    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:
            return record
        raise self.spec.no_schema(data)
