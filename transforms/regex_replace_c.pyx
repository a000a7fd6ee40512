# cython: language_level=3
"""RegexReplace — the Cython twin. Must behave exactly like regex_replace_py.py (tests/test_regex_replace.py)."""

from cpython.object cimport PyObject

from transforms.java_regex_c cimport replace_all
from transforms.stage_c cimport UNCHANGED, FieldStage, PyDict_GetItemWithError


cdef class RegexReplace(FieldStage):
    def __init__(self, spec):
        FieldStage.__init__(self, spec)
        self.target = spec.field
        self.subn = spec.pattern.subn
        self.search = spec.pattern.search
        self.template = spec.template
        self.parts = tuple(spec.parts)
        self.empty_matches = spec.empty_matches
        self.error = spec.replacement_error

    cdef object written(self, dict data):
        cdef PyObject* found = PyDict_GetItemWithError(data, self.target)
        if found is NULL or <object>found is None:
            return UNCHANGED
        text = <object>found
        if not isinstance(text, str):
            raise self.spec.wrong_field_type(self.target, text, "str")
        if self.error is not None:
            if self.search(text) is None:
                return UNCHANGED
            raise self.spec.data_error(self.error, self.target)
        if self.empty_matches:
            new_text, count = replace_all(self.search, <str>text, self.parts)
        else:
            new_text, count = self.subn(self.template, text)
        return UNCHANGED if count == 0 else new_text
