# cython: language_level=3
"""Filter — the Cython twin. Must behave exactly like filter_py.py (tests/test_filter.py)."""

from transforms.stage_c cimport Stage


cdef class Filter(Stage):
    cpdef object apply(self, object record):
        return None
