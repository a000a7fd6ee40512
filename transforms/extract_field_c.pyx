# cython: language_level=3
"""ExtractField — the Cython twin. Must behave exactly like extract_field_py.py (tests/test_extract_field.py)."""

from cpython.object cimport PyObject

from transforms.stage_c cimport MapStage, PyDict_GetItemWithError, as_record, replace_item


cdef class ExtractField(MapStage):
    cdef tuple path  # every step but the last
    cdef object last
    cdef bint empty

    def __init__(self, spec):
        MapStage.__init__(self, spec)
        steps = tuple(spec.steps)
        self.empty = len(steps) == 0
        self.path = steps[:-1]
        self.last = steps[-1] if steps else None

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        data = rec[self.side]
        if data is None:  # a null key or value stays null
            return record
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        if self.empty:
            raise self.spec.empty_path()
        cdef PyObject* found
        cdef dict current = <dict>data
        for step in self.path:
            found = PyDict_GetItemWithError(current, step)
            if found is NULL or <object>found is None:
                return replace_item(rec, self.side, None)
            if not isinstance(<object>found, dict):
                raise self.spec.nested_not_a_map(step, <object>found)
            current = <dict>found
        found = PyDict_GetItemWithError(current, self.last)
        return replace_item(rec, self.side, None if found is NULL else <object>found)
