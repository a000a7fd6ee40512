# cython: language_level=3
"""TimestampConverter — the Cython twin. Must behave exactly like timestamp_converter_py.py
(tests/test_timestamp_converter.py). The conversions are timestamp_converter.py's, shared with the Python twin."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport MapStage, PyDict_GetItemWithError, as_record, replace_item


cdef class TimestampConverter(MapStage):
    cdef str field
    cdef object convert

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.field = spec.field
        self.convert = spec.convert

    cpdef object apply(self, object record):
        if self.field:
            return MapStage.apply(self, record)
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:
            return record
        return replace_item(rec, self.side, self.convert(data, ""))

    cdef object apply_map(self, dict data):
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        cdef dict out = PyDict_Copy(data)
        PyDict_SetItem(out, self.field, self.convert(<object>found if found is not NULL else None, self.field))
        return out
