"""Whole chains, judged by Kafka: stages of every family with a twin, predicates and errors.tolerance mixed.

Each family's test module generates single-stage cases (``make_case(rng)``, valid and invalid settings alike);
a chain here strings two to five of their stages together, gates some on predicates, picks a tolerance, and runs
records made for its stages (and arbitrary ones) through Kafka's classes and every twin.
"""

from __future__ import annotations

import datetime
import importlib
import random

import oracle
from test_predicates import PATTERNS
from transforms.registry import FAMILIES

#: Families whose test module generates cases for Kafka's classes (smtbench's own, RegexReplace and Lookup, have
#: no Kafka class to judge them).
KAFKA_FAMILIES = sorted(name for name, family in FAMILIES.items() if family.kafka)


def _module(family: str):
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in family).lstrip("_")
    return importlib.import_module(f"test_{snake}")


MAKERS = [_module(name).make_case for name in KAFKA_FAMILIES]  # every one of Kafka's 16 has a generator


def _predicates(rng: random.Random) -> list[dict]:
    return [{"alias": "topic", "type": "TopicNameMatches", "pattern": rng.choice(PATTERNS[:8])},
            {"alias": "traced", "type": "HasHeaderKey", "name": rng.choice(["trace", "h", "id"])},
            {"alias": "dead", "type": "RecordIsTombstone"}]


def _java_holds(value) -> bool:
    """No naive or sub-millisecond datetime: a family's generator makes those for its own stage to convert, but a
    java.util.Date would not bring them back unchanged if a predicate skips that stage here."""
    if isinstance(value, datetime.datetime):
        return value.tzinfo is not None and value.microsecond % 1000 == 0
    if isinstance(value, dict):
        return all(_java_holds(item) for item in value.values())
    if isinstance(value, list):
        return all(_java_holds(item) for item in value)
    return True


def mixed_chain(rng: random.Random) -> oracle.Case:
    parts = [rng.choice(MAKERS)(rng) for _ in range(rng.randint(2, 5))]
    configs = []
    for index, part in enumerate(parts):
        config = dict(part.configs[0], alias=f"s{index}")
        if rng.random() < 0.3:
            config["predicate"] = rng.choice(["topic", "traced", "dead"])
            if rng.random() < 0.5:
                config["negate"] = rng.choice(["true", "false"])
        configs.append(config)
    records = [record for part in rng.sample(parts, 2) for record in part.records[:3]
               if _java_holds(record.value) and _java_holds(record.key)] + oracle.records(rng, 2)
    return oracle.Case(configs, records, _predicates(rng), rng.choice(["none", "all"]),
                       unordered=any(part.unordered for part in parts))


def test_kafka_agrees_on_mixed_chains():
    oracle.assert_kafka_agrees("mixed chains", oracle.generate(mixed_chain, 1000, seed=2026))


NARROW = ["int8", "int16", "int32", "float32"]
TARGETS = NARROW + ["int64", "float64", "boolean", "string"]


def typed_chain(rng: random.Random) -> oracle.Case:
    """A stage that makes a Java Byte, Short, Integer or Float, then stages that read it: Java's type decides."""
    fields = ["a", "b", "c"]
    first = rng.choice([{"type": "Cast$Value", "spec": ",".join(f"{f}:{rng.choice(NARROW)}" for f in fields)},
                        {"type": "InsertField$Value", "partition.field": rng.choice(fields)}])
    readers = [{"type": "Cast$Value", "spec": ",".join(f"{f}:{rng.choice(TARGETS)}" for f in fields)},
               {"type": "MaskField$Value", "fields": ",".join(fields)},
               {"type": "MaskField$Value", "fields": ",".join(fields),
                "replacement": rng.choice(["1000.5", "-1", "1e10", "0.1", "300", "x"])},
               {"type": "TimestampConverter$Value", "field": rng.choice(fields), "target.type": "string",
                "format": "yyyy"},
               {"type": "HoistField$Value", "field": "v"}]
    configs = [dict(first, alias="s0")] + [dict(rng.choice(readers), alias=f"s{i}") for i in range(1, 3)]
    values = [{f: rng.choice([0, 1, -1, 127, 128, 1000, 2**40, 0.1, 1.5, 1e10, -0.0, float("nan"), "7", None])
               for f in fields} for _ in range(4)]
    return oracle.Case(configs, [oracle.record(rng, value=v) for v in values], tolerance=rng.choice(["none", "all"]))


def test_kafka_agrees_on_javas_narrower_types_between_stages():
    oracle.assert_kafka_agrees("typed chains", oracle.generate(typed_chain, 600, seed=7))
