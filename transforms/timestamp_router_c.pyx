# cython: language_level=3
"""TimestampRouter — the Cython twin. Must behave exactly like timestamp_router_py.py
(tests/test_timestamp_router.py). The date formatting is java_datetime.py's, shared with the Python twin."""

from transforms.stage_c cimport Stage, as_record, replace_item


cdef class TimestampRouter(Stage):
    cdef str topic_format
    cdef object format
    cdef bint has_topic, bad

    def __init__(self, spec):
        Stage.__init__(self, spec)
        self.topic_format = spec.topic_format
        self.format = spec.timestamp_format.format
        self.has_topic = "${topic}" in self.topic_format
        self.bad = spec.timestamp_format.error is not None

    cpdef object apply(self, object record):
        cdef tuple rec = as_record(record)
        timestamp = rec[5]
        if timestamp is None:
            raise self.spec.missing_timestamp()
        if self.bad:
            raise self.spec.bad_pattern()
        cdef str topic = self.topic_format.replace("${topic}", rec[0]) if self.has_topic else self.topic_format
        return replace_item(rec, 0, topic.replace("${timestamp}", self.format(timestamp)))
