cdef str expand(tuple parts, object match)
