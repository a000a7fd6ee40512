# cython: language_level=3
"""HeaderFrom — the Cython twin. Must behave exactly like header_from_py.py (tests/test_header_from.py)."""

from cpython.dict cimport PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport PyDict_GetItemWithError, Stage, as_record, replace_item


cdef class HeaderFrom(Stage):
    cdef Py_ssize_t side
    cdef tuple fields, headers
    cdef frozenset moved
    cdef bint move

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.side = 2 if spec.on_key else 1
        self.fields = tuple(spec.fields)
        self.headers = tuple(spec.headers)
        self.move = spec.move
        self.moved = frozenset(spec.fields)

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if not isinstance(data, dict):  # a tombstone too: Kafka's requireMap refuses null
            raise self.spec.not_a_map(data)
        cdef dict d = <dict>data
        cdef Py_ssize_t i, n = len(self.fields)
        cdef list added = []
        cdef PyObject* found
        for i in range(n):
            found = PyDict_GetItemWithError(d, self.fields[i])
            added.append((self.headers[i], <object>found if found is not NULL else None))
        out = replace_item(rec, 6, tuple(rec[6]) + tuple(added))
        if not self.move:
            return out
        cdef dict kept = {}
        cdef Py_ssize_t pos = 0
        cdef PyObject* name
        cdef PyObject* value
        while PyDict_Next(d, &pos, &name, &value):
            if <object>name not in self.moved:
                PyDict_SetItem(kept, <object>name, <object>value)
        return replace_item(<tuple>out, self.side, kept)
