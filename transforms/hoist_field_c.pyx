# cython: language_level=3
"""HoistField — the Cython twin. Must behave exactly like hoist_field_py.py (tests/test_hoist_field.py)."""

from transforms.stage_c cimport MapStage, as_record, replace_item


cdef class HoistField(MapStage):
    cdef object field

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.field = spec.field

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        return replace_item(rec, self.side, {self.field: rec[self.side]})
