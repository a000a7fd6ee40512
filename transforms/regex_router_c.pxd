from transforms.stage_c cimport Stage

cdef class RegexRouter(Stage):
    cdef object match, fullmatch, error
    cdef tuple replacement

    # The new topic for `topic`, or UNCHANGED when the regex does not match the whole of it.
    cdef object routed(self, object topic)
