from transforms.stage_c cimport MapStage

cdef class Lookup(MapStage):
    cdef readonly object field, target
    cdef object default
    cdef dict table, int_table
    cdef bint has_default

    # The value to write to `target` for the map `data`, or UNCHANGED (a miss without a default).
    cdef object found(self, dict data)
