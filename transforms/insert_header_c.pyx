# cython: language_level=3
"""InsertHeader — the Cython twin. Must behave exactly like insert_header_py.py (tests/test_insert_header.py)."""

from transforms.stage_c cimport Stage, as_record, replace_item


cdef class InsertHeader(Stage):
    cdef tuple header
    cdef bint unrepresentable

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.header = ((spec.header, spec.value),)
        self.unrepresentable = spec.unrepresentable is not None

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        if self.unrepresentable:
            raise self.spec.cannot_hold()
        return replace_item(rec, 6, tuple(rec[6]) + self.header)
