"""Flatten$Key / $Value: Kafka's Flatten.java, schemaless path (docs/semantics.md)."""

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import record_batches, variant
from transforms import DataError, Record
from twins import assert_twins_agree, needs_both_twins

UTC = datetime.timezone.utc


def fl(**settings):
    return {"alias": "flat", "type": "Flatten$Value", **settings}


def test_nested_maps_become_dotted_fields(make_chain):
    value = {"id": 1, "customer": {"name": "a", "address": {"city": "b"}}, "tags": [{"x": 1}]}
    out = make_chain(fl()).apply(Record("t", value))
    assert out.value == {"id": 1, "customer.name": "a", "customer.address.city": "b", "tags": [{"x": 1}]}
    assert list(out.value) == ["id", "customer.name", "customer.address.city", "tags"]


def test_delimiter(make_chain):
    out = make_chain(fl(delimiter="__")).apply(Record("t", {"a": {"b": 1}}))
    assert out.value == {"a__b": 1}
    out = make_chain(fl(delimiter="")).apply(Record("t", {"a": {"b": 1}}))  # allowed: names are glued
    assert out.value == {"ab": 1}


def test_null_and_empty_nested_values(make_chain):
    out = make_chain(fl()).apply(Record("t", {"a": None, "b": {}, "c": {"d": None, "e": {}}}))
    assert out.value == {"a": None, "c.d": None}


def test_empty_name_adds_no_prefix(make_chain):
    # Kafka: prefix.isEmpty() ? name : prefix + delimiter + name, so a nested map under "" lends no prefix.
    out = make_chain(fl()).apply(Record("t", {"": {"a": 1, "": {"b": 2}}}))
    assert out.value == {"a": 1, "b": 2}


def test_collisions_keep_the_first_place_and_the_last_value(make_chain):
    out = make_chain(fl()).apply(Record("t", {"a.b": 1, "x": 0, "a": {"b": 2}}))
    assert out.value == {"a.b": 2, "x": 0} and list(out.value) == ["a.b", "x"]


def test_flat_value_is_returned_as_is(make_chain):
    record = Record("t", {"a": 1, "b": [1, {"c": 2}], "d": b"\x00"})
    assert make_chain(fl()).apply(record) is record


def test_null_value_passes_through(make_chain):
    record = Record("t", None, key={"k": {"a": 1}})
    assert make_chain(fl()).apply(record) is record


def test_key_variant_changes_only_the_key(make_chain):
    out = make_chain({"type": "Flatten$Key"}).apply(Record("t", {"v": {"a": 1}}, key={"k": {"a": 1}}))
    assert out.key == {"k.a": 1} and out.value == {"v": {"a": 1}}


def test_non_map_value_is_a_data_error(make_chain):
    with pytest.raises(DataError, match=r"^transform 'flat' \(Flatten\$Value\): only maps are supported without a "
                                        r"schema for \[flattening\], found str"):
        make_chain(fl()).apply(Record("t", "text"))


def test_datetime_field_is_a_data_error(make_chain):
    # Connect has no schemaless type for java.util.Date: Kafka's Flatten refuses it.
    with pytest.raises(DataError, match="cannot flatten a datetime without a schema") as caught:
        make_chain(fl()).apply(Record("t", {"a": {"when": datetime.datetime(2024, 1, 1, tzinfo=UTC)}}))
    assert caught.value.field == "a.when"


def test_non_string_key_is_a_data_error(make_chain):
    with pytest.raises(DataError, match="map key 1 is a int, not a string"):
        make_chain(fl()).apply(Record("t", {"a": {1: "x"}}))


def test_input_is_not_mutated(make_chain):
    value = {"a": {"b": {"c": [1]}}, "d": 2}
    record = Record("t", value)
    make_chain(fl()).apply(record)
    assert value == {"a": {"b": {"c": [1]}}, "d": 2}


nested = st.recursive(st.one_of(st.none(), st.integers(), st.text(max_size=3), st.lists(st.integers(), max_size=2)),
                      lambda inner: st.dictionaries(st.sampled_from(["a", "b", "a.b", "", "c"]), inner, max_size=3),
                      max_leaves=6)
flatten_configs = st.builds(lambda side, delimiter: {"type": "Flatten" + side, "delimiter": delimiter},
                            variant, st.sampled_from([".", "_", "", " ", "->", "é"]))


@needs_both_twins
@settings(max_examples=1000, deadline=None)
@given(config=flatten_configs, records=record_batches,
       extra=st.dictionaries(st.sampled_from(["a", "b", "a.b"]), nested))
def test_twins_agree(config, records, extra):
    assert_twins_agree([config], records + [Record("t", extra, key=extra)])


NAMES = ["a", "b", "a.b", "a_b", "", "c", "x.y", "é"]


def _nested(rng, depth=3):
    value = {}
    for _ in range(rng.randint(0, 4)):
        pick = rng.randrange(6)
        name = rng.choice(NAMES)
        if depth and pick < 2:
            value[name] = _nested(rng, depth - 1)
        elif pick == 2:
            value[name] = [oracle.json_value(rng, 1) for _ in range(rng.randint(0, 2))]
        else:
            value[name] = oracle.scalar(rng)
    return value


def make_case(rng: random.Random) -> oracle.Case:
    config = {"alias": "f", "type": rng.choice(["Flatten$Key", "Flatten$Value"])}
    if rng.random() < 0.7:
        config["delimiter"] = rng.choice([".", "_", "", " ", " - ", "->", "é", "a"])
    records = []
    for _ in range(4):
        record = oracle.record(rng, names=NAMES)
        pick = rng.randrange(10)
        if pick < 6:
            record = record._replace(value=_nested(rng), key=_nested(rng))
        elif pick == 6:  # what Connect cannot flatten without a schema
            bad = rng.choice([datetime.datetime(2024, 5, 1, tzinfo=UTC), {1: "x"}])
            record = record._replace(value={"a": {"b": bad}}, key={"a": bad})
        records.append(record)
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("Flatten", oracle.generate(make_case, 2000, seed=10))
