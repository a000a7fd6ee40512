# cython: language_level=3
"""Flatten — the Cython twin. Must behave exactly like flatten_py.py (tests/test_flatten.py)."""

from cpython.dict cimport PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.flatten import bad_key, unsupported
from transforms.stage_c cimport MapStage

cdef tuple _KEPT = (str, int, float, bool, bytes, bytearray, list, tuple)


cdef class Flatten(MapStage):
    cdef str delimiter

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.delimiter = spec.delimiter

    cdef object apply_map(self, dict data):
        cdef Py_ssize_t pos = 0
        cdef PyObject* name
        cdef PyObject* value
        while PyDict_Next(data, &pos, &name, &value):
            if type(<object>value) is dict or type(<object>name) is not str or not (
                    <object>value is None or isinstance(<object>value, _KEPT)):
                break
        else:
            return data
        cdef dict out = {}
        self.flatten(data, "", out)
        return out

    cdef flatten(self, dict data, str prefix, dict out):
        cdef Py_ssize_t pos = 0
        cdef PyObject* name
        cdef PyObject* value
        cdef str field
        while PyDict_Next(data, &pos, &name, &value):
            if type(<object>name) is not str:
                raise bad_key(self.spec, <object>name)
            field = prefix + self.delimiter + <str>name if prefix else <str>name
            if isinstance(<object>value, dict):
                self.flatten(<dict>value, field, out)
            elif <object>value is None or isinstance(<object>value, _KEPT):
                PyDict_SetItem(out, field, <object>value)
            else:
                raise unsupported(self.spec, <object>value, field)
