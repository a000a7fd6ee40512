# cython: language_level=3
"""MaskField — the Cython twin. Must behave exactly like mask_field_py.py (tests/test_mask_field.py).

Values of the exact built-in types are masked here; anything rarer (bytes, a date, a subclass) goes to
mask_field_py.mask_value, the reference, so the results and the errors are the reference's own.
"""

from cpython.dict cimport PyDict_Copy, PyDict_SetItem
from cpython.object cimport PyObject

from transforms.stage_c cimport MapStage, PyDict_GetItemWithError, as_record, replace_item

from transforms.mask_field_py import mask_value as _reference_mask


cdef class MaskField(MapStage):
    cdef tuple fields
    cdef bint has_replacement, is_number
    cdef object replacement, as_long, as_double

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        self.fields = tuple(spec.fields)
        self.replacement = spec.replacement
        self.has_replacement = spec.replacement is not None
        self.is_number = spec.not_a_number is None
        self.as_long = spec.as_long
        self.as_double = spec.as_double

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if not isinstance(data, dict):  # no tombstone pass-through in Kafka's MaskField
            raise self.spec.not_a_map(data)
        return replace_item(rec, self.side, self.apply_map(<dict>data))

    cdef object _mask(self, object field, object value):
        cdef type kind = type(value)
        if value is None:
            return None
        if not self.has_replacement:
            if kind is str:
                return ""
            if kind is int:
                return 0
            if kind is float:
                return 0.0
            if kind is bool:
                return False
            if kind is list:
                return []
            if kind is dict:
                return {}
        elif kind is str:
            return self.replacement
        elif (kind is int or kind is float) and self.is_number:
            return self.as_long if kind is int else self.as_double
        return _reference_mask(self.spec, field, value)

    cdef object apply_map(self, dict data):
        cdef dict out = PyDict_Copy(data)
        cdef PyObject* found
        for field in self.fields:
            found = PyDict_GetItemWithError(data, field)
            PyDict_SetItem(out, field, self._mask(field, <object>found if found is not NULL else None))
        return out
