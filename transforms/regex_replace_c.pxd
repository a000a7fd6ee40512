from transforms.stage_c cimport MapStage

cdef class RegexReplace(MapStage):
    cdef readonly object field
    cdef object subn, search, template, error
    cdef tuple parts
    cdef bint empty_matches

    # The new text of `field` in the map `data`, or UNCHANGED (no match, or no text there).
    cdef object replaced(self, dict data)
