"""MaskField$Key / $Value: Kafka's MaskField.java, schemaless path (docs/semantics.md)."""

import datetime
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, csv_or_list, record_batches, variant
from transforms import ConfigError, DataError, Record
from transforms.java_types import Float32, Int8, Int32
from transforms.mask_field import EPOCH
from twins import assert_twins_agree, needs_both_twins

WHEN = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)


def mask(fields, side="$Value", **settings):
    return {"alias": "mask", "type": "MaskField" + side, "fields": fields, **settings}


def masked(make_chain, value, **settings):
    return make_chain(mask("x", **settings)).apply(Record("t", {"x": value, "y": 1})).value


@pytest.mark.parametrize("value, expected", [
    (True, False), (7, 0), (-2.5, 0.0), (math.nan, 0.0), ("secret", ""), ([1, 2], []), ({"a": 1}, {}), (None, None),
    (WHEN, EPOCH),
])
def test_masks_with_the_empty_value_of_the_type(make_chain, value, expected):
    out = masked(make_chain, value)
    assert out == {"x": expected, "y": 1} and type(out["x"]) is type(expected)


def test_missing_field_is_inserted_as_null(make_chain):
    assert make_chain(mask("a,b")).apply(Record("t", {"b": "s"})).value == {"a": None, "b": ""}


def test_bytes_cannot_be_masked(make_chain):
    with pytest.raises(DataError, match=r"^transform 'mask' \(MaskField\$Value\): field 'x' of the record value is "
                                        r"bytes, which Kafka's MaskField cannot mask") as caught:
        masked(make_chain, b"\x01")
    assert caught.value.field == "x"


@pytest.mark.parametrize("replacement, value, expected", [
    ("42", 7, 42), ("42", 1.5, 42.0), ("42", "s", "42"), (" *** ", "s", "***"), ("1.9", 7, 1), ("-1.9", 7, -1),
    ("1e3", 7, 1000), ("1e30", 7, 5076944270305263616), ("99999999999999999999", 7, 7766279631452241919),
    ("1e2147483647", 7, 0), ("1e2147483647", 0.5, math.inf), ("-0", 2.5, 0.0), ("-1e-400", 2.5, -0.0),
    ("١٢", 7, 12), ("+5", 7, 5), ("abc", "s", "abc"), ("abc", None, None),
])
def test_replacement_becomes_the_fields_type_through_big_decimal(make_chain, replacement, value, expected):
    got = masked(make_chain, value, replacement=replacement)["x"]
    assert type(got) is type(expected) and got == expected
    if isinstance(got, float):  # -0.0 and 0.0 too
        assert math.copysign(1, got) == math.copysign(1, expected)


@pytest.mark.parametrize("replacement", ["abc", "NaN", "0x10", "1 0", "1e", "1e2147483648", "Infinity", "1_0"])
def test_a_replacement_that_is_no_number_fails_on_number_fields_only(make_chain, replacement):
    chain = make_chain(mask("x", replacement=replacement))
    assert chain.apply(Record("t", {"x": "s"})).value == {"x": replacement.strip()}
    with pytest.raises(DataError, match=f"cannot mask number field 'x' of the record value with replacement"):
        chain.apply(Record("t", {"x": 1}))


@pytest.mark.parametrize("value, what", [(True, "a boolean"), ([1], "a list"), ({"a": 1}, "a map"), (b"b", "bytes"),
                                         (WHEN, "datetime")])
def test_a_replacement_applies_to_numbers_and_strings_only(make_chain, value, what):
    with pytest.raises(DataError, match=f"is {what}: a replacement applies to number and string fields only"):
        masked(make_chain, value, replacement="0")


def test_tombstones_and_non_maps_are_data_errors(make_chain):
    # Kafka's MaskField has no null check: requireMap(null) throws
    with pytest.raises(DataError, match=r"the record value is null \(a tombstone\)"):
        make_chain(mask("a")).apply(Record("t", None))
    with pytest.raises(DataError, match=r"only maps are supported without a schema for \[mask fields\], found int"):
        make_chain(mask("a")).apply(Record("t", 5))


def test_key_variant_changes_only_the_key(make_chain):
    out = make_chain(mask("id", "$Key")).apply(Record("t", {"id": 1}, key={"id": "k"}))
    assert out.key == {"id": ""} and out.value == {"id": 1}
    with pytest.raises(DataError, match="the record key is null"):
        make_chain(mask("id", "$Key")).apply(Record("t", {"id": 1}))


@pytest.mark.parametrize("settings, key, message", [
    ({}, "fields", "missing required setting 'fields'"), ({"fields": ""}, "fields", "'fields' is empty"),
    ({"fields": "a,"}, "fields", "has an empty entry"), ({"fields": "a,,b"}, "fields", "has an empty entry"),
    ({"fields": "a", "replacement": ""}, "replacement", "'replacement' is empty"),
    ({"fields": "a", "replacement": " \t"}, "replacement", "'replacement' is empty"),
])
def test_bad_settings_are_config_errors(make_chain, settings, key, message):
    with pytest.raises(ConfigError, match=message) as caught:
        make_chain({"alias": "mask", "type": "MaskField$Value", **settings})
    assert (caught.value.alias, caught.value.key) == ("mask", key)


def test_fields_are_trimmed_and_counted_once(make_chain):
    chain = make_chain(mask(" a , b ,a"))
    assert chain.stages[0].spec.fields == ("a", "b")
    assert chain.apply(Record("t", {"a": 1, " a ": 2})).value == {"a": 0, " a ": 2, "b": None}


def test_input_is_not_mutated(make_chain):
    value = {"a": {"n": [1]}, "b": "s"}
    make_chain(mask("a,b,c")).apply(Record("t", value))
    assert value == {"a": {"n": [1]}, "b": "s"}


mask_configs = st.builds(
    lambda side, fields, replacement: {"type": "MaskField" + side, "fields": fields,
                                       **({} if replacement is None else {"replacement": replacement})},
    variant,
    st.lists(st.sampled_from([n for n in NAMES if n]), min_size=1, max_size=3).flatmap(csv_or_list),
    st.sampled_from([None, None, "0", "1.5", "x", "1e30", "NaN"]),
)


@needs_both_twins
@settings(max_examples=1500, deadline=None)
@given(config=mask_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


# --- Kafka as the judge ---------------------------------------------------------------------------------------

FIELDS = ["a", "b", "x", "id", " a"]
REPLACEMENTS = ["42", " 42 ", "1e3", "1.9", "-1.9", "abc", "99999999999999999999", "1e30", "NaN", "+5", "0x10", "١٢",
                "1e2147483647", "1e-400", "-0", "-1e-400", "0.1", "3.4028235677973366e38", "1e2147483648",
                "1E-2147483648", "9223372036854775808", "-9223372036854775809", "0.000000000000000000001", ".5", "5.",
                "1e+5", "1e", "1__0", "𝟙", "***", "true", "12345678901234567890.5", "-0.0", "1e-2147483647",
                "0e2147483647", "18446744073709551617", "1.7976931348623159e308", "4.9e-324", "2.4703282292062328e-324"]


def field_value(rng: random.Random):
    pick = rng.randrange(12)
    if pick < 9:
        return oracle.scalar(rng)
    return rng.choice([b"\x01\x02", [1, "a"], [], {"k": 1}, {}, WHEN, None])


def payload(rng: random.Random):
    pick = rng.randrange(12)
    if pick < 9:
        return {rng.choice(FIELDS): field_value(rng) for _ in range(rng.randint(0, 4))}
    return rng.choice([None, None, "a", 5, [1]])


def make_case(rng: random.Random) -> oracle.Case:
    side = rng.choice(["$Key", "$Value"])
    fields = [rng.choice(FIELDS) for _ in range(rng.randint(1, 3))]
    pick = rng.randrange(20)
    if pick == 0:
        fields_setting = rng.choice(["", "a,", ",a", "a,,b", " , "])
    elif pick < 4:
        fields_setting = fields  # a YAML list
    else:
        fields_setting = rng.choice([",", ", ", " ,"]).join(fields)
    config = {"type": "MaskField" + side, "fields": fields_setting}
    if rng.random() < 0.6:
        config["replacement"] = rng.choice(REPLACEMENTS + ["", "  "] if rng.random() < 0.05 else REPLACEMENTS)
    records = []
    for _ in range(rng.randint(1, 4)):
        value, key = payload(rng), payload(rng)
        # oracle.record draws a payload of its own for None: put the tombstones and null keys back
        records.append(oracle.record(rng, value=value, key=key)._replace(value=value, key=key))
    if rng.random() < 0.2:  # source records: no offset, maybe no partition
        records = [r._replace(offset=None, partition=rng.choice([None, 0, 7])) for r in records]
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("MaskField", oracle.generate(make_case, 2000, seed=20))


def test_a_replacement_takes_the_java_type_an_earlier_cast_gave(make_chain):
    # Connect's MaskField narrows the replacement to the field's own type: a Byte takes byteValue(), a Float
    chain = make_chain({"alias": "c", "type": "Cast$Value", "spec": "b:int8,f:float32,i:int32"},
                       {"alias": "m", "type": "MaskField$Value", "fields": "b,f,i", "replacement": "1000.5"})
    out = chain.apply(Record("t", {"b": 1, "f": 1.0, "i": 2}))
    assert out.value == {"b": -24, "f": 1000.5, "i": 1000}
    assert [type(out.value[name]) for name in "bfi"] == [Int8, Float32, Int32]
    masked = make_chain({"alias": "c", "type": "Cast$Value", "spec": "b:int8,f:float32"},
                        {"alias": "m", "type": "MaskField$Value", "fields": "b,f"})
    masked = masked.apply(Record("t", {"b": 1, "f": 1.0}))
    assert [type(masked.value[name]) for name in "bf"] == [Int8, Float32] and masked.value == {"b": 0, "f": 0.0}
