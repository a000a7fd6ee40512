# cython: language_level=3
"""Lookup — the Cython twin. Must behave exactly like lookup_py.py (tests/test_lookup.py)."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport PyDict_GetItemWithError, Stage, as_record, operating_map, replace_item


cdef class Lookup(Stage):
    cdef object field, target, default
    cdef dict table, int_table
    cdef bint on_key, has_default

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.field = spec.field
        self.target = spec.target
        self.table = dict(spec.table)
        self.int_table = dict(spec.int_table)
        self.default = spec.default
        self.has_default = spec.has_default
        self.on_key = spec.on_key

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        cdef Py_ssize_t side = 2 if self.on_key else 1
        data = operating_map(self.spec, rec, side)
        if data is None:
            return record
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        if found is NULL or <object>found is None:
            found = NULL
        elif isinstance(<object>found, str):
            found = PyDict_GetItemWithError(self.table, <object>found)
        elif isinstance(<object>found, int) and not isinstance(<object>found, bool):
            found = PyDict_GetItemWithError(self.int_table, <object>found)
        else:
            raise self.spec.wrong_field_type(self.field, <object>found, "str or int")
        if found is NULL:
            if not self.has_default:
                return record
            value = self.default
        else:
            value = <object>found
        out = PyDict_Copy(data)
        PyDict_SetItem(out, self.target, value)
        return replace_item(rec, side, out)
