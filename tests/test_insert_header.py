"""InsertHeader: Kafka's InsertHeader.java; the literal typed by Values.parseString (tests/test_connect_values.py)."""

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from literals import literal
from strategies import names, record_batches
from transforms import ConfigError, DataError, Record
from transforms.configdef import to_string
from transforms.connect_values import Unrepresentable, parse_string
from transforms.java_types import Float32, Int8
from twins import assert_twins_agree, needs_both_twins, strictly_equal

HEADERS = (("trace", "t-1"), ("h", 1))


def ih(**settings):
    return {"alias": "tag", "type": "InsertHeader", **settings}


def test_appends_the_typed_literal_after_the_headers_already_there(make_chain):
    out = make_chain(ih(header="h", **{"value.literal": "42"})).apply(Record("t", {"a": 1}, headers=HEADERS))
    assert out.headers == (("trace", "t-1"), ("h", 1), ("h", 42))  # a second "h": Connect keeps repeats
    assert out.value == {"a": 1}


@pytest.mark.parametrize("text, value", [
    ("true", True), ("1.5", Float32(1.5)), ("[1, 2]", [Int8(1), Int8(2)]), ('{"a": 1}', {"a": Int8(1)}),
    ("hello world", "hello world"), ("null", None),
    ("2024-01-01", datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)),
    ("TRUE", "TRUE"), ("1,2", Int8(1)), ("{a: 1}", "{a: 1}"), ("1e39", 1e39), ("3000000000", 3000000000),
])
def test_the_literal_is_typed_like_connects_values(make_chain, text, value):
    out = make_chain(ih(header="n", **{"value.literal": text})).apply(Record("t", None))
    assert strictly_equal(out.headers, (("n", value),))


def test_settings_are_trimmed_and_may_be_empty(make_chain):
    out = make_chain(ih(header="  n ", **{"value.literal": "  [1, 2]  "})).apply(Record("t", None))
    assert out.headers == (("n", [1, 2]),)
    out = make_chain(ih(header="", **{"value.literal": ""})).apply(Record("t", None))
    assert out.headers == (("", ""),)


def test_yaml_scalars_are_their_connect_spelling(make_chain):
    out = make_chain(ih(header="n", **{"value.literal": 42})).apply(Record("t", None))
    assert strictly_equal(out.headers, (("n", Int8(42)),))  # a Java Byte, as Connect's Values makes it
    assert make_chain(ih(header="n", **{"value.literal": True})).apply(Record("t", None)).headers == (("n", True),)


def test_every_record_gets_it_tombstones_and_non_maps_too(make_chain):
    chain = make_chain(ih(header="n", **{"value.literal": "x"}))
    for value, key in ((None, None), ("text", [1]), ({"a": 1}, 7)):
        record = Record("orders", value, key=key, partition=3, offset=9, timestamp=12, headers=HEADERS)
        assert chain.apply(record) == record._replace(headers=HEADERS + (("n", "x"),))


@pytest.mark.parametrize("missing", ["header", "value.literal"])
def test_both_settings_are_required(make_chain, missing):
    config = ih(header="n", **{"value.literal": "1"})
    del config[missing]
    with pytest.raises(ConfigError) as caught:
        make_chain(config)
    assert (caught.value.alias, caught.value.key) == ("tag", missing)
    assert f"missing required setting {missing!r}" in str(caught.value)


@pytest.mark.parametrize("text", ["0000-01-01", "{[1]: 2}"])
def test_a_literal_python_cannot_hold_makes_every_record_a_data_error(make_chain, text):
    # Kafka inserts a date before year 1 or a map keyed by a list; smtbench has no Python value for either
    chain = make_chain(ih(header="n", **{"value.literal": text}))
    with pytest.raises(DataError, match=r"^transform 'tag' \(InsertHeader\): Kafka reads 'value\.literal' .* which "
                                        r"smtbench cannot hold"):
        chain.apply(Record("t", None))


def test_input_is_not_mutated(make_chain):
    value, headers = {"a": {"nested": [1]}}, (("h", [1]),)
    record = Record("t", value, headers=headers)
    make_chain(ih(header="h", **{"value.literal": "[1]"})).apply(record)
    assert value == {"a": {"nested": [1]}} and record.headers == (("h", [1]),)


insert_header_configs = st.builds(
    lambda header, text: ih(header=header, **{"value.literal": text}),
    names,
    st.one_of(st.sampled_from(["42", "1.5", "[1, 2]", "null", "2024-01-01", '{"a": [1]}', "x", ""]), st.text()),
)


@needs_both_twins
@settings(max_examples=500, deadline=None)
@given(config=insert_header_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


HEADER_NAMES = ["trace", "h", "id", "\u00e9", "n", "", " h ", "x.y"]


def _literal(rng: random.Random) -> str:
    """A generated literal Python can hold (tests/literals.py), as a string or now and then a YAML scalar."""
    if rng.random() < 0.05:
        return rng.choice([42, -7, 1.5, True, False])
    while True:
        text = literal(rng)
        try:
            parse_string(to_string(text))
            return text
        except Unrepresentable as exc:  # a far date: the oracle counts it; a list as a map key crashes the bridge
            if str(exc).startswith("a moment"):
                return text


def make_case(rng: random.Random) -> oracle.Case:
    configs = []
    for index in range(1 if rng.random() < 0.85 else 2):
        config = {"alias": f"ins{index}", "type": "InsertHeader"}
        if rng.random() < 0.97:
            config["header"] = rng.choice(HEADER_NAMES)
        if rng.random() < 0.97:
            config["value.literal"] = _literal(rng)
        configs.append(config)
    return oracle.Case(configs, oracle.records(rng))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("InsertHeader", oracle.generate(make_case, 2500, seed=7))
