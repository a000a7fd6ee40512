# cython: language_level=3
"""Lookup — the Cython twin. Must behave exactly like lookup_py.py (tests/test_lookup.py). A store's lookups run
the same pure-Python code as the python twin's (lookup_store.py): a store's round trip dwarfs the call."""

from cpython.object cimport PyObject

from transforms.stage_c cimport UNCHANGED, FieldStage, PyDict_GetItemWithError

from transforms.lookup_store import MISS, LookupStore

cdef object _MISS = MISS


cdef class Lookup(FieldStage):
    def __init__(self, spec):
        FieldStage.__init__(self, spec)
        self.field = spec.field
        self.target = spec.target
        self.store = LookupStore(spec) if spec.store is not None else None
        self.table = dict(spec.table) if self.store is None else {}
        self.int_table = dict(spec.int_table) if self.store is None else {}
        self.default = spec.default
        self.has_default = spec.has_default

    cdef object written(self, dict data):
        cdef PyObject* found = PyDict_GetItemWithError(data, self.field)
        if found is NULL or <object>found is None:
            found = NULL
        elif self.store is not None:
            value = self.store.find(<object>found)
            if value is not _MISS:
                return value
            found = NULL
        elif isinstance(<object>found, str):
            found = PyDict_GetItemWithError(self.table, <object>found)
        elif isinstance(<object>found, int) and not isinstance(<object>found, bool):
            found = PyDict_GetItemWithError(self.int_table, <object>found)
        else:
            raise self.spec.wrong_field_type(self.field, <object>found, "str or int")
        if found is NULL:
            return self.default if self.has_default else UNCHANGED
        return <object>found
