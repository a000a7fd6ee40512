from transforms.stage_c cimport FieldStage

cdef class RegexReplace(FieldStage):
    cdef object subn, search, template, error
    cdef tuple parts
    cdef bint empty_matches
