# cython: language_level=3
"""ValueToKey — the Cython twin. Must behave exactly like value_to_key_py.py (tests/test_value_to_key.py)."""

from cpython.dict cimport PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport PyDict_GetItemWithError, Stage, as_record, replace_item


cdef class ValueToKey(Stage):
    cdef tuple fields

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.fields = tuple(spec.fields)

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        value = rec[1]
        if not isinstance(value, dict):
            raise self.spec.value_not_a_map(value)
        cdef dict key = {}
        cdef PyObject* found
        for name in self.fields:
            found = PyDict_GetItemWithError(<dict>value, name)
            PyDict_SetItem(key, name, None if found is NULL else <object>found)
        return replace_item(rec, 2, key)
