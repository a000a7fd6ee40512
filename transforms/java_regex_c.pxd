cdef str expand(tuple parts, object match)
cdef tuple replace_all(object search, str text, tuple parts)
