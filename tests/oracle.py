"""Kafka as the judge: generated cases run through Kafka Connect's own classes and through every twin.

A ``Case`` is a chain (transform configs as Connect strings, declared predicates, ``errors.tolerance``) and the
records sent through it. ``assert_kafka_agrees(name, cases)`` runs each case through Kafka's classes (configured
from the raw settings, never through smtbench's own parsing, so Kafka alone decides what is a ConfigException) and
through the python twin and every other twin backend, and compares per record: topic, key, value, partition,
offset, timestamp and headers under type-strict equality (``twins.strictly_equal``; Java's int8..int64 are Python
ints, float32/float64 Python floats of the same value, ``java.util.Date`` a UTC ``datetime``), a drop, or the kind
of error (ConfigException <-> ConfigError at configure time; any exception a transform throws <-> DataError).

A case whose Kafka answer depends on Java's HashMap iteration order is left out by the generator that knows it
(``Case.unordered``), and counted. ``pytest_terminal_summary`` in conftest prints what was compared.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from conftest import backend_or_skip
from transforms import ConfigError, DataError, Record, TransformError, build_chain, parse_chain
from transforms.chainspec import CHAIN_KEYS, ChainSpec, StageSpec
from transforms.configdef import to_boolean
from transforms.java_class import JavaClassSpec, class_name
from transforms.predicates import PredicateSpec, predicate_class
from transforms.registry import JAVA
from twins import OTHERS, strictly_equal

#: What was compared, by name: cases, records, left out (HashMap order). Printed at the end of the run.
TALLY: dict[str, Counter] = {}


@dataclass
class Case:
    configs: list[dict]  # transform configs, e.g. [{"alias": "m", "type": "MaskField$Value", "fields": "a"}]
    records: list[Record]
    predicates: list[dict] = field(default_factory=list)
    tolerance: str = "none"
    #: True when Kafka's answer depends on HashMap iteration order: left out of the comparison, counted.
    unordered: bool = False


def kafka_spec(case: Case) -> ChainSpec:
    """The chain as Kafka alone configures it: every stage a Java class with its raw settings, untouched by
    smtbench's parsing (which the twins use, and which is what is being judged)."""
    declared = {item["alias"]: PredicateSpec(index, item["alias"], item["type"], predicate_class(item["type"]),
                                             {k: v for k, v in item.items() if k not in ("alias", "type")})
                for index, item in enumerate(case.predicates)}
    stages = []
    for index, config in enumerate(case.configs):
        alias = config.get("alias", f"#{index + 1}")
        type_name = config["type"]
        settings = {k: v for k, v in config.items() if k not in CHAIN_KEYS}
        predicate = declared.get(config["predicate"]) if "predicate" in config else None
        negate = to_boolean(config.get("negate", False))
        stages.append(StageSpec(index, alias, type_name, class_name(type_name), settings, JAVA,
                                JavaClassSpec(alias, type_name, False, class_name(type_name)), None, predicate,
                                negate))
    return ChainSpec(tuple(stages), Path.cwd(), tuple(declared.values()), case.tolerance)


def outcomes(build: Callable[[], object], records: Iterable[Record]) -> list:
    """Per record ("ok", record-or-None) or ("error", kind); or one ("config", kind) when the chain won't build."""
    try:
        chain = build()
    except TransformError as exc:
        return [("config", _kind(exc))]
    found = []
    for record in records:
        try:
            found.append(("ok", chain.apply(record)))
        except TransformError as exc:
            found.append(("error", _kind(exc)))
        except OverflowError:  # Kafka made a java.util.Date outside the years 1-9999, which Python cannot hold
            found.append(("unrepresentable", None))
    return found


def _kind(exc: TransformError) -> str:
    return "ConfigError" if isinstance(exc, ConfigError) else "DataError" if isinstance(exc, DataError) else \
        type(exc).__name__


def twin_spec(case: Case) -> ChainSpec:
    return parse_chain(case.configs, predicates=case.predicates, errors_tolerance=case.tolerance)


def assert_kafka_agrees(name: str, cases: Iterable[Case], *, backends: list[str] | None = None) -> None:
    """Every case: Kafka's classes and every twin backend give strictly the same outcomes. Fails with the
    first few differences, each with its configs, record and both answers."""
    import warnings

    jvm = backend_or_skip("jvm")
    tally = TALLY.setdefault(name, Counter())
    mismatches = []
    for case in cases:
        if case.unordered:
            tally["left out"] += 1
            continue
        kafka = outcomes(lambda: build_chain(kafka_spec(case), jvm), case.records)
        for backend in backends or ["python", *OTHERS]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                twin = outcomes(lambda: build_chain(twin_spec(case), backend), case.records)
            if not _same(kafka, twin):
                mismatches.append((backend, case, kafka, twin))
        unrepresentable = sum(outcome[0] == "unrepresentable" for outcome in kafka)
        if unrepresentable:
            tally[f"records left out ({UNREPRESENTABLE})"] += unrepresentable
        tally["cases"] += 1
        tally["records"] += len(case.records)
    tally["mismatches"] += len(mismatches)
    if mismatches:
        shown = "\n\n".join(_describe(*item) for item in mismatches[:5])
        raise AssertionError(f"{name}: {len(mismatches)} case(s) where smtbench != Kafka:\n\n{shown}")


UNREPRESENTABLE = "a Date or Timestamp outside the years 1-9999, which a Python datetime cannot hold"


def _same(kafka: list, twin: list) -> bool:
    if len(kafka) != len(twin):
        return False
    return all(_agree(a, b) for a, b in zip(kafka, twin))


def _agree(kafka: tuple, twin: tuple) -> bool:
    if kafka[0] == "unrepresentable":  # the twins say so with a DataError (a documented difference), which
        return twin in (("error", "DataError"), ("ok", None))  # errors.tolerance=all turns into a skip
    return kafka[0] == twin[0] and (strictly_equal(kafka[1], twin[1]) if kafka[0] == "ok" else kafka[1] == twin[1])


def _describe(backend, case, kafka, twin) -> str:
    lines = [f"[{backend}] configs={case.configs!r}"]
    if case.predicates:
        lines.append(f"  predicates={case.predicates!r}")
    if case.tolerance != "none":
        lines.append(f"  errors.tolerance={case.tolerance}")
    records = case.records if kafka and kafka[0][0] != "config" and twin[0][0] != "config" else case.records[:1]
    for index, record in enumerate(records):
        a = kafka[index] if index < len(kafka) else kafka[0]
        b = twin[index] if index < len(twin) else twin[0]
        if not _agree(a, b):
            lines.append(f"  record={record!r}\n    kafka: {a!r}\n    {backend}: {b!r}")
    return "\n".join(lines)


# --- generating records as JsonConverter (schemaless) hands them to a chain ---------------------------------

NAMES = ["a", "b", "c", "id", "email", "country", "amount", "é", "x.y", "a_b", ""]
TOPICS = ["orders", "orders-eu", "orders-us", "clean-eu", "", "a.b", "Orders", "t-1", "é-x"]
_TEXT = string.ascii_letters + string.digits + " -_.:,é€\n"


def text(rng: random.Random, max_size: int = 8) -> str:
    return "".join(rng.choice(_TEXT) for _ in range(rng.randint(0, max_size)))


def scalar(rng: random.Random):
    """A JSON scalar as JsonConverter decodes it: null, boolean, int64, float64 or string."""
    pick = rng.randrange(9)
    if pick == 0:
        return None
    if pick == 1:
        return rng.random() < 0.5
    if pick == 2:
        return rng.choice([0, 1, -1, 7, 127, 128, 255, 256, 32767, 32768, -129, 2**31 - 1, 2**31, 2**63 - 1, -2**63])
    if pick == 3:
        return rng.randint(-10**6, 10**6)
    if pick == 4:
        return rng.choice([0.0, -0.0, 1.5, -2.25, 0.1, 1e10, 1e-7, 123456.789, float("inf"), float("nan")])
    if pick == 5:
        return rng.uniform(-1e6, 1e6)
    if pick == 6:
        return rng.choice(["", "0", "42", "-7", "1.5", "true", "false", "TRUE", "abc", " 1 ", "1e3"])
    return text(rng)


def json_value(rng: random.Random, depth: int = 2):
    """A scalar, or (while ``depth`` lasts) a list or map of them."""
    pick = rng.randrange(10)
    if depth and pick == 0:
        return [json_value(rng, depth - 1) for _ in range(rng.randint(0, 2))]
    if depth and pick == 1:
        return json_map(rng, depth - 1, max_size=3)
    return scalar(rng)


def json_map(rng: random.Random, depth: int = 2, max_size: int = 5, names=NAMES) -> dict:
    return {rng.choice(names): json_value(rng, depth) for _ in range(rng.randint(0, max_size))}


def payload(rng: random.Random, names=NAMES):
    """Mostly maps; sometimes a tombstone (null) or a value a map transform cannot take."""
    pick = rng.randrange(10)
    if pick < 7:
        return json_map(rng, names=names)
    if pick == 7:
        return None
    return scalar(rng)


def headers(rng: random.Random) -> tuple:
    return tuple((rng.choice(["trace", "h", "id", "é"]), scalar(rng)) for _ in range(rng.randint(0, 3)))


def record(rng: random.Random, value=None, key=None, names=NAMES) -> Record:
    """A sink record as Connect hands it to a chain: always a partition and an offset; maybe no timestamp."""
    return Record(
        topic=rng.choice(TOPICS),
        value=payload(rng, names) if value is None else value,
        key=payload(rng, names) if key is None else key,
        partition=rng.randint(0, 11),
        offset=rng.randint(0, 2**40),
        timestamp=rng.choice([None, 0, 1_700_000_000_123, rng.randint(0, 2**42), -86_400_000]),
        headers=headers(rng),
    )


def records(rng: random.Random, count: int = 4, names=NAMES) -> list[Record]:
    return [record(rng, names=names) for _ in range(count)]


def generate(make_case: Callable[[random.Random], Case], count: int, seed: int) -> list[Case]:
    """``count`` cases from one seeded generator: the same cases every run."""
    rng = random.Random(seed)
    return [make_case(rng) for _ in range(count)]
