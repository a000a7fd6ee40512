"""Kafka's three predicates as pure-Python twins (the reference), and ``Conditional``: a stage that runs only when
its predicate says so, as Connect's ``TransformationStage`` does. Configuration: predicates.py."""

from __future__ import annotations

from .stage_py import Stage


class TopicNameMatches:
    """True when the regex matches the whole topic (Java ``matcher.matches()``); a null topic never matches."""

    def __init__(self, spec):
        self.spec = spec
        self._fullmatch = spec.spec.fullmatch

    def test(self, record) -> bool:
        topic = record.topic
        return topic is not None and self._fullmatch(topic) is not None


class HasHeaderKey:
    """True when the record has at least one header of that name (whatever its value, null included)."""

    def __init__(self, spec):
        self.spec = spec
        self._name = spec.spec

    def test(self, record) -> bool:
        name = self._name
        return any(header[0] == name for header in record.headers)


class RecordIsTombstone:
    """True when the record's value is null."""

    def __init__(self, spec):
        self.spec = spec

    def test(self, record) -> bool:
        return record.value is None


PREDICATES = {cls.__name__: cls for cls in (TopicNameMatches, HasHeaderKey, RecordIsTombstone)}


class Conditional(Stage):
    """Connect's TransformationStage: run ``stage`` when ``predicate.test(record) != negate``, else pass the
    record on unchanged."""

    def __init__(self, stage, predicate, negate: bool):
        super().__init__(stage.spec)
        self.stage = stage
        self.predicate = predicate
        self.negate = negate

    def apply(self, record):
        if self.predicate.test(record) == self.negate:
            return record
        return self.stage.apply(record)
