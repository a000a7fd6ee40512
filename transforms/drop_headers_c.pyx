# cython: language_level=3
"""DropHeaders — the Cython twin. Must behave exactly like drop_headers_py.py (tests/test_drop_headers.py)."""

from transforms.stage_c cimport Stage, as_record, replace_item


cdef class DropHeaders(Stage):
    cdef frozenset names

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.names = frozenset(spec.names)

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        headers = rec[6]
        cdef Py_ssize_t first = 0
        for header in headers:  # most records keep every header: look before copying
            if header[0] in self.names:
                break
            first += 1
        else:
            return record
        cdef list kept = list(headers[:first])
        for header in headers[first + 1:]:
            if header[0] not in self.names:
                kept.append(header)
        return replace_item(rec, 6, tuple(kept))
