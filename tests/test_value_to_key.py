"""ValueToKey: Kafka's ValueToKey.java, schemaless path (docs/semantics.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, csv_or_list, record_batches
from transforms import ConfigError, DataError, Record
from twins import assert_twins_agree, needs_both_twins


def v2k(fields):
    return {"alias": "k", "type": "ValueToKey", "fields": fields}


def test_the_key_becomes_a_map_of_value_fields(make_chain):
    record = Record("t", {"id": 1, "email": "e", "x": 2}, key="old", partition=1, offset=2, timestamp=3,
                    headers=(("h", 1),))
    out = make_chain(v2k("id,email")).apply(record)
    assert out == record._replace(key={"id": 1, "email": "e"})


def test_a_missing_field_is_null_and_duplicates_count_once(make_chain):
    out = make_chain(v2k("id, nope, id")).apply(Record("t", {"id": 1}))
    assert out.key == {"id": 1, "nope": None}


@pytest.mark.parametrize("value, found", [(None, "a tombstone (null)"), ("text", "str"), ([1], "list")])
def test_the_value_must_be_a_map_even_a_tombstone(make_chain, value, found):
    with pytest.raises(DataError) as caught:
        make_chain(v2k("id")).apply(Record("t", value, key={"id": 1}))
    assert str(caught.value) == (f"transform 'k' (ValueToKey): only maps are supported without a schema for "
                                 f"[copying fields from value to key], found {found} as the record value")


@pytest.mark.parametrize("settings, message", [
    ({}, "missing required setting 'fields'"),
    ({"fields": ""}, "'fields' must name at least one value field"),
    ({"fields": "a,"}, "'fields' has an empty entry ('a,'), which Kafka refuses"),
    ({"fields": "a,,b"}, "'fields' has an empty entry"),
    ({"fields": "a", "replace.null.with.default": "0"}, "'replace.null.with.default' must be true or false"),
])
def test_config_errors(make_chain, settings, message):
    with pytest.raises(ConfigError) as caught:
        make_chain({"alias": "k", "type": "ValueToKey", **settings})
    assert str(caught.value).startswith(f"transform 'k' (ValueToKey): {message}")
    assert caught.value.key in ("fields", "replace.null.with.default")


def test_no_variants(make_chain):
    with pytest.raises(ConfigError, match=r"ValueToKey has no \$Key/\$Value variants: write ValueToKey"):
        make_chain({"type": "ValueToKey$Value", "fields": "a"})


def test_input_is_not_mutated(make_chain):
    value = {"a": {"nested": [1]}}
    out = make_chain(v2k("a")).apply(Record("t", value, key={"b": 1}))
    assert value == {"a": {"nested": [1]}} and out.key["a"] is value["a"]


@needs_both_twins
@settings(max_examples=1000, deadline=None)
@given(fields=st.lists(st.sampled_from(NAMES), max_size=3).flatmap(csv_or_list), records=record_batches)
def test_twins_agree(fields, records):
    assert_twins_agree([v2k(fields)], records)


def make_case(rng):
    config = {"type": "ValueToKey"}
    if rng.random() < 0.97:
        pool = oracle.NAMES if rng.random() < 0.2 else [name for name in oracle.NAMES if name] + [" a", "b "]
        names = [rng.choice(pool) for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))]
        joiner = rng.choice([",", ",", ", ", " , ", ",", ",,"])
        config["fields"] = joiner.join(names) + rng.choice(["", "", "", "", "", ",", " "])
    if rng.random() < 0.05:
        config["replace.null.with.default"] = rng.choice(["false", "nope"])
    return oracle.Case([config], oracle.records(rng, rng.randint(1, 4)))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("ValueToKey", oracle.generate(make_case, 2000, seed=20264))
