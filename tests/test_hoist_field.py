"""HoistField$Key / $Value: Kafka's HoistField.java, schemaless path (docs/semantics.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import names, record_batches, variant
from transforms import ConfigError, Record
from twins import assert_twins_agree, needs_both_twins


def hoist(field, side="$Value"):
    return {"alias": "h", "type": "HoistField" + side, "field": field}


@pytest.mark.parametrize("value", [{"a": 1}, [1, 2], "text", 7, 1.5, True, None, b"\x00"])
def test_anything_is_hoisted_even_null(make_chain, value):
    record = Record("t", value, key={"k": 1}, partition=2, offset=3, timestamp=4, headers=(("h", 1),))
    out = make_chain(hoist("order")).apply(record)
    assert out == record._replace(value={"order": value})


def test_key_variant_hoists_the_key_only(make_chain):
    out = make_chain(hoist("id", "$Key")).apply(Record("t", {"a": 1}, key=None))
    assert (out.key, out.value) == ({"id": None}, {"a": 1})


def test_the_field_may_be_empty_and_is_trimmed(make_chain):
    assert make_chain(hoist("")).apply(Record("t", 1)).value == {"": 1}
    assert make_chain(hoist(" a.b ")).apply(Record("t", 1)).value == {"a.b": 1}


def test_field_is_required(make_chain):
    with pytest.raises(ConfigError) as caught:
        make_chain({"alias": "h", "type": "HoistField$Value"})
    assert str(caught.value) == "transform 'h' (HoistField$Value): missing required setting 'field'"
    assert caught.value.key == "field"


def test_input_is_not_mutated(make_chain):
    value = {"a": {"nested": [1]}}
    out = make_chain(hoist("x")).apply(Record("t", value))
    assert value == {"a": {"nested": [1]}} and out.value["x"] is value


@needs_both_twins
@settings(max_examples=500, deadline=None)
@given(field=names, side=variant, records=record_batches)
def test_twins_agree(field, side, records):
    assert_twins_agree([hoist(field, side)], records)


def make_case(rng):
    config = {"type": "HoistField" + rng.choice(["$Key", "$Value"])}
    if rng.random() < 0.95:
        config["field"] = rng.choice(oracle.NAMES + [" a ", "x y", oracle.text(rng)])
    if rng.random() < 0.05:
        config["replace.null.with.default"] = "nope"  # not HoistField's: Kafka ignores it
    return oracle.Case([config], oracle.records(rng, rng.randint(1, 4)))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("HoistField", oracle.generate(make_case, 2000, seed=20262))
