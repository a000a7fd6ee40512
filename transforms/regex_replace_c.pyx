# cython: language_level=3
"""RegexReplace — the Cython twin. Must behave exactly like regex_replace_py.py (tests/test_regex_replace.py)."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.java_regex_c cimport replace_all
from transforms.stage_c cimport MapStage, PyDict_GetItemWithError


cdef class RegexReplace(MapStage):
    cdef object field, subn, search, template, error
    cdef tuple parts
    cdef bint empty_matches

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.field = spec.field
        self.subn = spec.pattern.subn
        self.search = spec.pattern.search
        self.template = spec.template
        self.parts = tuple(spec.parts)
        self.empty_matches = spec.empty_matches
        self.error = spec.replacement_error

    cdef object apply_map(self, dict data):
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        if found is NULL or <object>found is None:
            return data
        text = <object>found
        if not isinstance(text, str):
            raise self.spec.wrong_field_type(self.field, text, "str")
        if self.error is not None:
            if self.search(text) is None:
                return data
            raise self.spec.data_error(self.error, self.field)
        if self.empty_matches:
            new_text, count = replace_all(self.search, <str>text, self.parts)
        else:
            new_text, count = self.subn(self.template, text)
        if count == 0:
            return data
        out = PyDict_Copy(data)
        PyDict_SetItem(out, self.field, new_text)
        return out
