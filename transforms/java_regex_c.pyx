# cython: language_level=3
"""The compiled twin of java_regex.expand: a Java replacement, parsed at configuration time, for one match."""


cdef str expand(tuple parts, object match):
    cdef Py_ssize_t n = len(parts)
    if n == 1 and type(parts[0]) is str:
        return <str>parts[0]
    cdef list out = []
    cdef object group
    for part in parts:
        if type(part) is str:
            out.append(part)
        else:
            group = match.group(part)
            if group is not None:
                out.append(group)
    return "".join(out)
