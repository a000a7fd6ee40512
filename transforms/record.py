"""The record every transform takes and returns, one class for both backends."""

from __future__ import annotations

from typing import Any, NamedTuple

_new = tuple.__new__


class Record(NamedTuple):
    """A Connect record: what ``Transformation.apply`` sees (``ConnectRecord`` without schemas).

    Immutable, so a transform cannot change the record it was given; it returns a new one (``with_value`` and
    friends cost a tuple copy, about a third of ``_replace``). ``headers`` is a tuple of ``(name, value)`` pairs.
    """

    topic: str
    value: Any
    key: Any = None
    partition: int | None = None
    offset: int | None = None
    timestamp: int | None = None
    headers: tuple = ()

    # Field positions, fixed: the Cython twins index records by them.
    def with_value(self, value: Any) -> Record:
        return _new(Record, (self[0], value, self[2], self[3], self[4], self[5], self[6]))

    def with_key(self, key: Any) -> Record:
        return _new(Record, (self[0], self[1], key, self[3], self[4], self[5], self[6]))

    def with_topic(self, topic: str) -> Record:
        return _new(Record, (topic, self[1], self[2], self[3], self[4], self[5], self[6]))

    def with_headers(self, headers: tuple) -> Record:
        return _new(Record, (self[0], self[1], self[2], self[3], self[4], self[5], tuple(headers)))
