# cython: language_level=3
"""RegexReplace — the Cython twin. Must behave exactly like regex_replace_py.py (tests/test_regex_replace.py)."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport PyDict_GetItemWithError, Stage, as_record, operating_map, replace_item


cdef class RegexReplace(Stage):
    cdef object field, subn, template
    cdef bint on_key

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.field = spec.field
        self.subn = spec.pattern.subn
        self.template = spec.template
        self.on_key = spec.on_key

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        cdef Py_ssize_t side = 2 if self.on_key else 1
        data = operating_map(self.spec, rec, side)
        if data is None:
            return record
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        if found is NULL or <object>found is None:
            return record
        text = <object>found
        if not isinstance(text, str):
            raise self.spec.wrong_field_type(self.field, text, "str")
        new_text, count = self.subn(self.template, text)
        if count == 0:
            return record
        out = PyDict_Copy(data)
        PyDict_SetItem(out, self.field, new_text)
        return replace_item(rec, side, out)
