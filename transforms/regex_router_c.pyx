# cython: language_level=3
"""RegexRouter — the Cython twin. Must behave exactly like regex_router_py.py (tests/test_regex_router.py)."""

from transforms.stage_c cimport Stage, as_record, replace_item
from transforms.java_regex_c cimport expand


cdef class RegexRouter(Stage):
    cdef object match, fullmatch, error
    cdef tuple replacement

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.match = spec.regex.match
        self.fullmatch = spec.regex.fullmatch
        self.replacement = tuple(spec.replacement)
        self.error = spec.replacement_error

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        topic = rec[0]
        if not isinstance(topic, str):
            raise self.spec.data_error(f"the record topic is {type(topic).__name__}, expected str")
        # One regex run in the common case: the first match from the start already spans the whole topic.
        first = self.match(topic)
        if first is None:
            return record
        cdef Py_ssize_t end = first.end()
        if end != len(<str>topic) and self.fullmatch(topic) is None:
            return record
        if self.error is not None:
            raise self.spec.data_error(self.error)
        return replace_item(rec, 0, expand(self.replacement, first) + (<str>topic)[end:])
