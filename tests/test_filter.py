"""Filter: Kafka's Filter.java (docs/semantics.md)."""

import random

import pytest
from hypothesis import given, settings

import oracle
from strategies import record_batches
from transforms import ConfigError, ConfigWarning, Record
from twins import assert_twins_agree, needs_both_twins


@pytest.mark.parametrize("record", [Record("t", {"a": 1}), Record("t", None), Record("t", "x", key=1, offset=5)])
def test_drops_every_record(make_chain, record):
    assert make_chain({"type": "Filter"}).apply(record) is None


def test_the_rest_of_the_chain_is_skipped(make_chain):
    chain = make_chain({"type": "Filter"}, {"type": "ValueToKey", "fields": "a"})  # ValueToKey would fail on None
    assert chain.apply(Record("t", None)) is None


@pytest.mark.parametrize("type_name", ["Filter$Key", "Filter$Value"])
def test_kafka_has_no_variants(make_chain, type_name):
    with pytest.raises(ConfigError, match=r"Filter has no \$Key/\$Value variants: write Filter"):
        make_chain({"type": type_name})


def test_settings_are_ignored_with_a_warning(make_chain):
    with pytest.warns(ConfigWarning, match="unknown setting 'fields' is ignored"):
        chain = make_chain({"type": "Filter", "fields": "a"})
    assert chain.apply(Record("t", {})) is None


def test_input_is_not_mutated(make_chain):
    value = {"a": [1]}
    make_chain({"type": "Filter"}).apply(Record("t", value))
    assert value == {"a": [1]}


@needs_both_twins
@settings(max_examples=200, deadline=None)
@given(records=record_batches)
def test_twins_agree(records):
    assert_twins_agree([{"type": "Filter"}], records)


def make_case(rng: random.Random):
    config = {"type": rng.choice(["Filter"] * 8 + ["Filter$Key", "Filter$Value"])}
    if rng.random() < 0.1:
        config[rng.choice(["fields", "x", "replace.null.with.default"])] = rng.choice(["a", "", "nope"])
    records = oracle.records(rng, rng.randint(1, 4))
    if rng.random() < 0.2:
        records = [r._replace(offset=None, partition=None) for r in records]
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("Filter", oracle.generate(make_case, 2000, seed=20265))
