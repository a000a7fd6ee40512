# cython: language_level=3
"""The compiled twins of java_regex.expand and java_regex.replace_all: a Java replacement, parsed at configuration
time, for one match; and Java's replaceAll where the regex can match the empty string."""


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


cdef tuple replace_all(object search, str text, tuple parts):
    """(new text, matches): after an empty match Java searches again one character further on (Python's sub
    would try a non-empty match at the same place). ``search`` is the pattern's bound ``search`` method."""
    cdef list out = []
    cdef Py_ssize_t last = 0, pos = 0, n = len(text), count = 0, start, end
    while pos <= n:
        match = search(text, pos)
        if match is None:
            break
        start, end = match.span()
        out.append(text[last:start])
        out.append(expand(parts, match))
        last = end
        pos = end + 1 if end == start else end
        count += 1
    if count == 0:
        return text, 0
    out.append(text[last:])
    return "".join(out), count
