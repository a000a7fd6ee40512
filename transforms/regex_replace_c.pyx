# cython: language_level=3
"""RegexReplace — the Cython twin. Must behave exactly like regex_replace_py.py (tests/test_regex_replace.py)."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.java_regex_c cimport replace_all
from transforms.stage_c cimport UNCHANGED, MapStage, PyDict_GetItemWithError


cdef class RegexReplace(MapStage):
    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.field = spec.field
        self.subn = spec.pattern.subn
        self.search = spec.pattern.search
        self.template = spec.template
        self.parts = tuple(spec.parts)
        self.empty_matches = spec.empty_matches
        self.error = spec.replacement_error

    cdef object replaced(self, dict data):
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        if found is NULL or <object>found is None:
            return UNCHANGED
        text = <object>found
        if not isinstance(text, str):
            raise self.spec.wrong_field_type(self.field, text, "str")
        if self.error is not None:
            if self.search(text) is None:
                return UNCHANGED
            raise self.spec.data_error(self.error, self.field)
        if self.empty_matches:
            new_text, count = replace_all(self.search, <str>text, self.parts)
        else:
            new_text, count = self.subn(self.template, text)
        return UNCHANGED if count == 0 else new_text

    cdef object apply_map(self, dict data):
        new_text = self.replaced(data)
        if new_text is UNCHANGED:
            return data
        out = PyDict_Copy(data)
        PyDict_SetItem(out, self.field, new_text)
        return out
