from transforms.stage_c cimport FieldStage

cdef class Lookup(FieldStage):
    cdef object field
    cdef object default
    cdef dict table, int_table
    cdef bint has_default
    cdef readonly object store  # a lookup_store.LookupStore, or None for a table
