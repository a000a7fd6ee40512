"""``errors.tolerance``: ``none`` stops at the first failing record; ``all`` skips it (None, as Connect skips it)
and counts it against the stage that failed."""

from __future__ import annotations

import pytest

import oracle
from transforms import DataError, Record, build_chain, parse_chain

STAGES = [{"alias": "rename", "type": "ReplaceField$Value", "renames": "a:b"},
          {"alias": "route", "type": "RegexRouter", "regex": "(.*)", "replacement": "x-$1"},
          {"alias": "keys", "type": "ReplaceField$Key", "renames": "k:key"}]


def test_none_stops_at_the_first_failure(backend):
    chain = build_chain(parse_chain(STAGES), backend)
    with pytest.raises(DataError, match=r"transform 'keys' \(ReplaceField\$Key\): only maps"):
        chain.apply(Record("t", {"a": 1}, key="not a map"))
    assert chain.skipped == [0, 0, 0]


def test_all_skips_the_failing_record_and_counts_it_per_stage(backend):
    chain = build_chain(parse_chain(STAGES, errors_tolerance="all"), backend)
    assert chain.apply(Record("t", "no map", key={"k": 1})) is None
    assert chain.apply(Record("t", {"a": 1}, key="no map")) is None
    assert chain.apply(Record("t", {"a": 1}, key="no map")) is None
    assert chain.apply(Record("t", {"a": 1}, key={"k": 1})) == Record("x-t", {"b": 1}, key={"key": 1})
    assert chain.skipped == [1, 0, 2]


def test_a_failure_in_a_custom_python_transform_is_tolerated_too(backend, tmp_path):
    (tmp_path / "boom.py").write_text("class Boom:\n    def apply(self, record):\n        raise KeyError('x')\n")
    chain = build_chain(parse_chain([{"type": "boom:Boom"}], base_dir=tmp_path, errors_tolerance="all"), backend)
    assert chain.apply(Record("t", {})) is None and chain.skipped == [1]


def _tolerance_case(rng) -> oracle.Case:
    stages = [dict(rng.choice(STAGES)) for _ in range(rng.randint(1, 3))]
    for index, stage in enumerate(stages):
        stage["alias"] = f"s{index}"
    return oracle.Case(stages, oracle.records(rng, 6), tolerance=rng.choice(["none", "all"]))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("errors.tolerance", oracle.generate(_tolerance_case, 1000, seed=10))
