# cython: language_level=3
"""Kafka's three predicates and ``Conditional``, compiled. Must behave exactly like predicates_py.py
(tests/test_predicates.py)."""

from transforms.stage_c cimport Stage, as_record


cdef class Predicate:
    def __init__(self, spec):
        self.spec = spec

    cdef bint check(self, tuple record) except -1:
        raise NotImplementedError

    def test(self, record):
        return self.check(as_record(record))


cdef class TopicNameMatches(Predicate):
    cdef object fullmatch

    def __init__(self, spec):
        Predicate.__init__(self, spec)
        self.fullmatch = spec.spec.fullmatch

    cdef bint check(self, tuple record) except -1:
        topic = record[0]
        return topic is not None and self.fullmatch(topic) is not None


cdef class HasHeaderKey(Predicate):
    cdef str name

    def __init__(self, spec):
        Predicate.__init__(self, spec)
        self.name = spec.spec

    cdef bint check(self, tuple record) except -1:
        for header in <tuple>record[6]:
            if (<tuple>header)[0] == self.name:
                return True
        return False


cdef class RecordIsTombstone(Predicate):
    cdef bint check(self, tuple record) except -1:
        return record[1] is None


PREDICATES = {cls.__name__: cls for cls in (TopicNameMatches, HasHeaderKey, RecordIsTombstone)}


cdef class Conditional(Stage):
    """Connect's TransformationStage: run ``stage`` when the predicate's test differs from ``negate``."""

    def __init__(self, Stage stage, Predicate predicate, bint negate):
        Stage.__init__(self, stage.spec)
        self.stage = stage
        self.predicate = predicate
        self.negate = negate

    cpdef object apply(self, object record):
        if self.predicate.check(as_record(record)) == self.negate:
            return record
        return self.stage.apply(record)
