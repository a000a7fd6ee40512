# cython: language_level=3
"""A custom transform in the compiled chain: a Stage that calls the user's Python apply(). Configuration: custom.py."""

from transforms.stage_c cimport Stage


cdef class Custom(Stage):
    cdef object user_apply

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.user_apply = spec.transform.apply

    cpdef object apply(self, object record):
        return self.user_apply(record)
