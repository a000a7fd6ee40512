# cython: language_level=3
"""ReplaceField — the Cython twin. Must behave exactly like replace_field_py.py (tests/test_replace_field.py)."""

from cpython.dict cimport PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport MapStage, PyDict_GetItemWithError


cdef class ReplaceField(MapStage):
    cdef dict renames
    cdef frozenset included, excluded
    cdef bint has_include, has_exclude, has_renames

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.renames = dict(spec.renames)
        self.included = frozenset(spec.included)
        self.excluded = frozenset(spec.excluded)
        self.has_include = len(self.included) > 0
        self.has_exclude = len(self.excluded) > 0
        self.has_renames = len(self.renames) > 0

    cdef object apply_map(self, dict data):
        cdef dict out = {}
        cdef Py_ssize_t pos = 0
        cdef PyObject* name
        cdef PyObject* value
        cdef PyObject* renamed
        while PyDict_Next(data, &pos, &name, &value):
            if self.has_exclude and <object>name in self.excluded:
                continue
            if self.has_include and <object>name not in self.included:
                continue
            renamed = PyDict_GetItemWithError(self.renames, <object>name) if self.has_renames else NULL
            PyDict_SetItem(out, <object>(renamed if renamed is not NULL else name), <object>value)
        return out
