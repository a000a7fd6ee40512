# cython: language_level=3
"""Cast — the Cython twin. Must behave exactly like cast_py.py (tests/test_cast.py).

Numbers, booleans and strings of the exact built-in types take the compiled paths (a plain ASCII integer string
too); anything rarer (a float string, digits of other scripts, bytes, an int outside int64, a list, a map, a
subclass) goes to cast_py.cast_value, the reference, so the results and the errors are the reference's own.
"""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject
from libc.stdint cimport int64_t

from transforms.java_number_c cimport double_to_float, double_to_string, long_to_float, narrow_double, wrap
from transforms.stage_c cimport MapStage, PyDict_GetItemWithError, as_record, replace_item

from transforms.cast_py import cast_value as _reference_cast
from transforms.java_types import Float32, Int8, Int16, Int32

cdef enum:
    INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING

_CODES = {"int8": INT8, "int16": INT16, "int32": INT32, "int64": INT64, "float32": FLOAT32, "float64": FLOAT64,
          "boolean": BOOLEAN, "string": STRING}
cdef tuple _JAVA_TYPES = (Int8, Int16, Int32, None, Float32)  # by code, INT8 to FLOAT32 (java_types.py)


cdef inline object _as_java(object out, int target):
    """The result as the Java type the target is (the reference's results already are)."""
    if out is None or target == INT64 or target > FLOAT32:
        return out
    return _JAVA_TYPES[target](out)


cdef object _cast(object spec, object value, int target, str name, object field):
    cdef type kind = type(value)
    cdef int64_t n
    cdef double d
    if value is None:
        return None
    if kind is bool:
        if target == STRING:
            return "true" if value else "false"
        if target == BOOLEAN:
            return value
        if target == FLOAT32 or target == FLOAT64:
            return 1.0 if value else 0.0
        return 1 if value else 0
    if kind is int:
        try:
            n = value
        except OverflowError:  # beyond int64: no JsonConverter value, but the reference knows what to do
            return _reference_cast(spec, value, name, field)
        if target <= INT64:
            return wrap(n, 8 << target)
        if target == FLOAT64:
            return <double>n
        if target == FLOAT32:
            return long_to_float(n)
        if target == BOOLEAN:
            return n != 0
        return str(value)
    if kind is float:
        d = value
        if target <= INT64:
            return narrow_double(d, 8 << target)
        if target == FLOAT64:
            return value
        if target == FLOAT32:
            return double_to_float(d)
        if target == BOOLEAN:
            return narrow_double(d, 64) != 0
        return double_to_string(d)
    if kind is str:
        if target == STRING:
            return value
        if target == BOOLEAN:
            return len(<str>value) == 4 and (<str>value).isascii() and (<str>value).lower() == "true"
        if target <= INT64 and _plain_integer(<str>value, 8 << target, &n):
            return n
    return _reference_cast(spec, value, name, field)


cdef bint _plain_integer(str text, int bits, int64_t* out) noexcept:
    # The common case of Integer.parseInt & co.: a sign and up to 18 ASCII digits, in range. Anything else (other
    # scripts' digits, an error) is for the reference.
    cdef Py_ssize_t i = 0, size = len(text)
    cdef Py_UCS4 ch
    cdef int64_t value = 0, limit
    cdef bint negative = False
    if size == 0 or size > 18:
        return False
    ch = text[0]
    if ch == 43 or ch == 45:  # + or -
        if size == 1:
            return False
        negative = ch == 45
        i = 1
    while i < size:
        ch = text[i]
        if ch < 48 or ch > 57:
            return False
        value = value * 10 + (<int>ch - 48)
        i += 1
    if negative:
        value = -value
    if bits < 64:
        limit = (<int64_t>1) << (bits - 1)
        if not -limit <= value < limit:
            return False
    out[0] = value
    return True


cdef class Cast(MapStage):
    cdef tuple fields, targets, names
    cdef Py_ssize_t count
    cdef int whole
    cdef str whole_name

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.fields = tuple(spec.casts)
        self.names = tuple(spec.casts.values())
        self.targets = tuple(_CODES[name] for name in self.names)
        self.count = len(self.fields)
        self.whole = -1 if spec.whole is None else _CODES[spec.whole]
        self.whole_name = spec.whole

    cpdef object apply(self, object record):
        if self.whole < 0:
            return MapStage.apply(self, record)
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        out = _as_java(_cast(self.spec, data, self.whole, self.whole_name, None), self.whole)
        return record if out is data else replace_item(rec, self.side, out)

    cdef object apply_map(self, dict data):
        cdef dict out = PyDict_Copy(data)
        cdef Py_ssize_t i
        cdef int target
        cdef PyObject* found
        for i in range(self.count):
            field = self.fields[i]
            found = PyDict_GetItemWithError(data, field)
            value = <object>found if found is not NULL else None
            target = <int>self.targets[i]
            PyDict_SetItem(out, field, _as_java(_cast(self.spec, value, target, <str>self.names[i], field), target))
        return out
