"""HeaderFrom$Key / HeaderFrom$Value: Kafka's HeaderFrom.java, schemaless path."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, csv_or_list, names, record_batches, variant
from transforms import ConfigError, DataError, Record
from twins import assert_twins_agree, needs_both_twins

ORDER = {"id": 7, "country": "DE", "note": None, "email": "a@b.c"}
HEADERS = (("trace", "t-1"),)


def hf(fields="id,country", headers="order_id,country", operation="copy", side="$Value", **more):
    return {"alias": "lift", "type": "HeaderFrom" + side, "fields": fields, "headers": headers,
            "operation": operation, **more}


def test_copy_appends_a_header_per_field_in_order_and_keeps_the_value(make_chain):
    record = Record("t", ORDER, key="k", partition=1, offset=2, timestamp=3, headers=HEADERS)
    out = make_chain(hf()).apply(record)
    assert out == record._replace(headers=HEADERS + (("order_id", 7), ("country", "DE")))


def test_move_also_removes_the_fields(make_chain):
    out = make_chain(hf(operation="move")).apply(Record("t", ORDER, headers=HEADERS))
    assert out.value == {"note": None, "email": "a@b.c"}
    assert out.headers == HEADERS + (("order_id", 7), ("country", "DE"))


def test_a_missing_or_null_field_gives_a_null_header(make_chain):
    out = make_chain(hf(fields="nope,note", headers="x,y", operation="move")).apply(Record("t", ORDER))
    assert out.headers == (("x", None), ("y", None))
    assert out.value == {"id": 7, "country": "DE", "email": "a@b.c"}


def test_a_field_twice_gives_two_headers_and_header_names_may_repeat(make_chain):
    chain = make_chain(hf(fields="id,id", headers="h,h", operation="move"))
    out = chain.apply(Record("t", ORDER, headers=(("h", 0),)))
    assert out.headers == (("h", 0), ("h", 7), ("h", 7))
    assert "id" not in out.value


def test_key_variant_reads_and_moves_the_key(make_chain):
    out = make_chain(hf(fields="id", headers="id", operation="move", side="$Key")).apply(
        Record("t", {"id": 1}, key={"id": 2, "x": 3}))
    assert out.key == {"x": 3} and out.value == {"id": 1} and out.headers == (("id", 2),)


@pytest.mark.parametrize("operation", ["move", "copy"])
def test_a_tombstone_is_a_data_error(make_chain, operation):
    # Kafka's requireMap refuses null: unlike most map transforms, HeaderFrom does not pass tombstones through
    with pytest.raises(DataError, match=rf"^transform 'lift' \(HeaderFrom\$Value\): only maps are supported without a "
                                        rf"schema for \[header {operation}\], found null as the record value"):
        make_chain(hf(operation=operation)).apply(Record("t", None, key={"id": 1}))


def test_a_non_map_is_a_data_error(make_chain):
    with pytest.raises(DataError, match=r"\[header copy\], found str as the record key"):
        make_chain(hf(side="$Key")).apply(Record("t", ORDER, key="k"))


@pytest.mark.parametrize("settings_, key, message", [
    ({"headers": "a"}, "headers", "'fields' has 2 names and 'headers' 1"),
    ({"fields": ""}, "fields", "'fields' must not be empty"),
    ({"headers": []}, "headers", "'headers' must not be empty"),
    ({"operation": "MOVE"}, "operation", "must be move or copy"),
    ({"operation": "mv"}, "operation", "must be move or copy"),
    ({"replace.null.with.default": "maybe"}, "replace.null.with.default", "must be true or false"),
])
def test_bad_settings_are_config_errors(make_chain, settings_, key, message):
    with pytest.raises(ConfigError, match=message) as caught:
        make_chain(hf(**settings_))
    assert (caught.value.alias, caught.value.key) == ("lift", key)


@pytest.mark.parametrize("missing", ["fields", "headers", "operation"])
def test_fields_headers_and_operation_are_required(make_chain, missing):
    config = hf()
    del config[missing]
    with pytest.raises(ConfigError, match=f"missing required setting {missing!r}"):
        make_chain(config)


def test_empty_entries_are_names_and_operation_is_trimmed(make_chain):
    # Kafka 4.3 checks these lists only for being empty: "id," is the fields "id" and ""
    out = make_chain(hf(fields="id,", headers=",b", operation=" move ")).apply(Record("t", {"": 1, "id": 2}))
    assert out.headers == (("", 2), ("b", 1)) and out.value == {}


def test_replace_null_with_default_changes_nothing_without_a_schema(make_chain):
    for flag in ("true", "false", "TRUE"):
        chain = make_chain(hf(fields="note", headers="n", **{"replace.null.with.default": flag}))
        assert chain.apply(Record("t", ORDER)).headers == (("n", None),)


def test_input_is_not_mutated(make_chain):
    value = {"id": [1], "country": "DE"}
    record = Record("t", value, headers=HEADERS)
    make_chain(hf(operation="move")).apply(record)
    assert value == {"id": [1], "country": "DE"} and record.headers == HEADERS


header_from_configs = st.builds(
    lambda side, pairs, operation, flag: {
        "type": "HeaderFrom" + side, "fields": ",".join(f for f, _ in pairs), "headers": ",".join(h for _, h in pairs),
        "operation": operation, "replace.null.with.default": flag},
    variant,
    st.lists(st.tuples(st.sampled_from(NAMES), names), min_size=1, max_size=3),
    st.sampled_from(["move", "copy", "Move"]),
    st.sampled_from(["true", "false"]),
)


@needs_both_twins
@settings(max_examples=1000, deadline=None)
@given(config=header_from_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


HEADER_NAMES = ["trace", "h", "id", "\u00e9", "a", "country", ""]


def _list(rng: random.Random, pool: list, count: int):
    chosen = [rng.choice(pool) for _ in range(count)]
    if rng.random() < 0.1 and "" not in chosen:
        return chosen  # a YAML list (whose "" entries the jvm backend's joined spelling would lose)
    return rng.choice([",", ", ", " , "]).join(chosen) + (rng.choice([",", ", "]) if rng.random() < 0.05 else "")


def make_case(rng: random.Random) -> oracle.Case:
    count = rng.randint(1, 4)
    config = {"alias": "lift", "type": "HeaderFrom" + rng.choice(["$Key", "$Value"]),
              "fields": _list(rng, oracle.NAMES, count),
              "headers": _list(rng, HEADER_NAMES, count if rng.random() < 0.96 else rng.randint(0, 5)),
              "operation": rng.choice(["move", "copy", " copy "] * 20 + ["MOVE", "Copy", "mv", ""]),
              "replace.null.with.default": rng.choice(["true", "false", "TRUE", "False"] * 5 + ["maybe", ""])}
    for key in ("fields", "headers", "operation", "replace.null.with.default"):
        if rng.random() < 0.03 or (key == "replace.null.with.default" and rng.random() < 0.5):
            del config[key]
    if rng.random() < 0.03:
        config["fields"] = rng.choice(["", ",", " "])
    return oracle.Case([config], oracle.records(rng))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("HeaderFrom", oracle.generate(make_case, 2500, seed=5))
