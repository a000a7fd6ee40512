# cython: language_level=3
"""The Cython twins' bases (stage_py.py is the readable reference), and a fast Record copy."""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE, PyTuple_SET_ITEM

from transforms.record import Record

cdef extern from "Python.h":
    ctypedef object (*allocfunc)(object, Py_ssize_t)
    ctypedef struct PyTypeObject:
        allocfunc tp_alloc

cdef extern from *:
    const char *SMTBENCH_CYTHON_VERSION

#: The Cython that compiled the twins (setup.py bakes it in).
BUILT_WITH_CYTHON = SMTBENCH_CYTHON_VERSION.decode("ascii")

cdef object UNCHANGED = object()
cdef object _RECORD = Record
cdef PyTypeObject* _RECORD_TYPE = <PyTypeObject*>Record


cdef class Stage:
    """One configured transform of a compiled chain; ``spec`` is the configuration both twins share."""

    def __init__(self, spec):
        self.spec = spec

    cpdef object apply(self, object record):
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} {self.spec.alias!r}>"


cdef class MapStage(Stage):
    """A transform of the record's key or value as a schemaless map: stage_py.MapStage, compiled."""

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.side = 2 if spec.on_key else 1

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        out = self.apply_map(<dict>data)
        return record if out is data else replace_item(rec, self.side, out)

    cdef object apply_map(self, dict data):
        raise NotImplementedError


cdef class FieldStage(MapStage):
    """A transform that writes one field (``target``) of the map: ``written`` says what, the twin writes it into
    a copy of the map (the fused backend into its own)."""

    cdef object written(self, dict data):
        raise NotImplementedError

    cdef object apply_map(self, dict data):
        value = self.written(data)
        if value is UNCHANGED:
            return data
        out = PyDict_Copy(data)
        PyDict_SetItem(out, self.target, value)
        return out


cdef object replace_item(tuple record, Py_ssize_t index, object item):
    # What CPython's tuple_subtype_new does, without building an argument tuple first: about half the cost
    # of tuple.__new__(Record, (...)) per record.
    cdef Py_ssize_t i, n = PyTuple_GET_SIZE(record)
    cdef object out = _RECORD_TYPE.tp_alloc(_RECORD, n)
    cdef object value
    for i in range(n):
        value = item if i == index else <object>PyTuple_GET_ITEM(record, i)
        Py_INCREF(value)
        PyTuple_SET_ITEM(out, i, value)
    return out
