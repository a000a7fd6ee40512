# cython: language_level=3
"""RegexRouter — the Cython twin. Must behave exactly like regex_router_py.py (tests/test_regex_router.py)."""

from transforms.java_regex_c cimport expand
from transforms.stage_c cimport UNCHANGED, Stage, as_record, replace_item


cdef class RegexRouter(Stage):
    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.match = spec.regex.match
        self.fullmatch = spec.regex.fullmatch
        self.replacement = tuple(spec.replacement)
        self.error = spec.replacement_error

    cdef object routed(self, object topic):
        if not isinstance(topic, str):
            raise self.spec.data_error(f"the record topic is {type(topic).__name__}, expected str")
        # One regex run in the common case: the first match from the start already spans the whole topic.
        first = self.match(topic)
        if first is None:
            return UNCHANGED
        cdef Py_ssize_t end = first.end()
        if end != len(<str>topic) and self.fullmatch(topic) is None:
            return UNCHANGED
        if self.error is not None:
            raise self.spec.data_error(self.error)
        return expand(self.replacement, first) + (<str>topic)[end:]

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        topic = self.routed(rec[0])
        return record if topic is UNCHANGED else replace_item(rec, 0, topic)
