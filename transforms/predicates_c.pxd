from transforms.stage_c cimport Stage

cdef class Predicate:
    cdef readonly object spec
    cdef bint check(self, tuple record) except -1

cdef class Conditional(Stage):
    cdef Stage stage
    cdef Predicate predicate
    cdef bint negate
