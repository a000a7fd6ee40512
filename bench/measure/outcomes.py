"""What each stage did with the records that reached it, counted in the master's one check pass (prepare.py, or
Kafka's harness when only the jvm runs a chain): changed, passed through unchanged, dropped, failed; and what those
records looked like there (their topics, the fields of their value and key maps), for the checks in noop.py.

A record is *unchanged* when the stage returned the same record, or one equal to it with the types kept apart
(Java's ``equals``: a Long 1 is not a Double 1.0, nor an Integer 1), as Kafka's MaskField returns a copy of a
record it had nothing to mask in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TOPICS_KEPT = 20  # distinct topics remembered per stage, for the warnings (they name a few)


@dataclass
class Side:
    """The value or the key of the records reaching a stage."""

    maps: int = 0  # records whose value (key) is a map
    nulls: int = 0  # ... is null
    fields: set = field(default_factory=set)  # the top-level field names of those maps, over every record

    def see(self, data) -> None:
        if type(data) is dict:
            self.maps += 1
            self.fields.update(data)
        elif data is None:
            self.nulls += 1

    @classmethod
    def from_harness(cls, doc: dict) -> Side:
        return cls(doc["maps"], doc["nulls"], set(doc["fields"]))


@dataclass
class Outcome:
    """One stage, over every record that reached it: the four outcomes add up to the records in."""

    changed: int = 0
    unchanged: int = 0
    dropped: int = 0  # the stage returned null (None) for them, as Filter does
    failed: int = 0  # it threw on them, and errors.tolerance=all skipped them
    topics: list = field(default_factory=list)  # distinct, in the order seen, at most TOPICS_KEPT
    more_topics: bool = False  # there were more than those
    value: Side = field(default_factory=Side)
    key: Side = field(default_factory=Side)

    @property
    def records_in(self) -> int:
        return self.changed + self.unchanged + self.dropped + self.failed

    def counts(self) -> dict:
        """The counts the workload carries to summary.json."""
        return {"changed": self.changed, "unchanged": self.unchanged}

    def see(self, records: list) -> None:
        """The records reaching the stage: their topics and the shape of their values and keys."""
        topics, value, key = set(self.topics), self.value, self.key
        for record in records:
            value.see(record[1])
            key.see(record[2])
            topic = record[0]
            if topic not in topics:
                if len(topics) < TOPICS_KEPT:
                    topics.add(topic)
                    self.topics.append(topic)
                else:
                    self.more_topics = True

    @classmethod
    def from_harness(cls, doc: dict, dropped: int, failed: int) -> Outcome:
        """A stage as Kafka's harness (SmtHarness.java --check) reports it."""
        return cls(doc["changed"], doc["unchanged"], dropped, failed, doc["topics"], doc["more_topics"],
                   Side.from_harness(doc["value"]), Side.from_harness(doc["key"]))


def unchanged(record, out) -> bool:
    """``out`` is ``record``, or equal to it field by field with the types kept apart."""
    return out is record or (out == record and same(out, record))


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (``1 == 1.0 == True`` in Python, not in Java)."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is dict:
        return len(a) == len(b) and all(k in b and same(v, b[k]) for k, v in a.items())
    if kind is list or issubclass(kind, tuple):  # a Record, a header pair, the headers
        return len(a) == len(b) and all(map(same, a, b))
    if kind is float:
        return a == b or (a != a and b != b)  # NaN is NaN
    return a == b
