"""Cast$Key / $Value: Kafka's Cast.java, schemaless path, with Java's number rules (docs/semantics.md)."""

import base64
import datetime
import math
import random
import re
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, record_batches, variant
from transforms import ConfigError, ConfigWarning, DataError, Record
from transforms.java_float_string import double_to_string, float_to_string
from transforms.java_types import BY_NAME, Float32, Int8, Int16, Int32
from twins import assert_twins_agree, needs_both_twins


def cast(spec, side="$Value", **settings):
    return {"alias": "cast", "type": "Cast" + side, "spec": spec, **settings}


def cast_one(make_chain, target, value):
    return make_chain(cast(f"x:{target}")).apply(Record("t", {"x": value})).value["x"]


def test_casts_named_fields_and_keeps_the_rest(make_chain):
    out = make_chain(cast("id:string,amount:float32")).apply(Record("t", {"id": 7, "amount": 0.1, "n": 1}))
    assert out.value == {"id": "7", "amount": struct.unpack("f", struct.pack("f", 0.1))[0], "n": 1}


def test_missing_field_is_inserted_as_null_and_null_stays_null(make_chain):
    out = make_chain(cast("a:int8,b:string")).apply(Record("t", {"b": None}))
    assert out.value == {"a": None, "b": None}


@pytest.mark.parametrize("target, value, expected", [
    ("int8", 200, -56), ("int8", 128, -128), ("int8", -129, 127), ("int16", 32768, -32768),
    ("int32", 2**31, -2**31), ("int8", 2**63 - 1, -1), ("int64", -2**63, -2**63),
    # a double narrows through int: (byte)(int) d; (int) and (long) saturate; NaN is 0
    ("int8", 1e7, -128), ("int8", math.inf, -1), ("int32", math.inf, 2**31 - 1), ("int32", -1e300, -2**31),
    ("int64", 1e21, 2**63 - 1), ("int32", math.nan, 0), ("int16", -1.9, -1), ("int64", -0.0, 0),
    ("float32", 2**62 + 2**38 + 1, 2.0**62 + 2.0**39),  # one rounding of the long, not two
    ("float32", 1e300, math.inf), ("float64", 2**63 - 1, 9.223372036854776e18),
    ("boolean", 0.5, False), ("boolean", -2, True), ("boolean", math.nan, False), ("int8", True, 1),
    ("float64", False, 0.0),
])
def test_numbers_convert_like_java(make_chain, target, value, expected):
    got = cast_one(make_chain, target, value)
    expected = BY_NAME.get(target, type(expected))(expected)  # an int8 is carried as an Int8 (java_types.py)
    assert type(got) is type(expected) and (got == expected or (math.isnan(got) and math.isnan(expected)))


@pytest.mark.parametrize("target, kind", [("int8", Int8), ("int16", Int16), ("int32", Int32), ("float32", Float32),
                                          ("int64", int), ("float64", float)])
def test_results_carry_their_java_type(make_chain, target, kind):
    assert type(cast_one(make_chain, target, "1")) is kind


def test_a_float32_prints_as_java_prints_a_float(make_chain):
    # Connect's next Cast sees a Float, and String.valueOf(Float) is Float.toString: "0.1", not the double's digits
    chain = make_chain(cast("x:float32"), {**cast("x:string"), "alias": "again"})
    assert chain.apply(Record("t", {"x": 0.1})).value == {"x": "0.1"}
    assert chain.apply(Record("t", {"x": 1e10})).value == {"x": "1.0E10"}


@pytest.mark.parametrize("target, text, expected", [
    ("int8", "+12", 12), ("int32", "١٢", 12), ("int64", "１２", 12), ("int16", "-32768", -32768),
    ("float64", " 1.5 ", 1.5), ("float64", "1e3", 1000.0), ("float64", "0x1p3", 8.0),
    ("float64", "-Infinity", -math.inf),
    ("float64", "1d", 1.0), ("float32", "16777217", 16777216.0), ("float32", "1e39", math.inf),
    ("boolean", "TRUE", True), ("boolean", "yes", False), ("boolean", " true", False),
])
def test_strings_parse_like_java(make_chain, target, text, expected):
    assert cast_one(make_chain, target, text) == expected


@pytest.mark.parametrize("target, text", [
    ("int8", "128"), ("int32", " 12"), ("int32", "1e3"), ("int64", "0x1F"), ("int32", "1_000"), ("int32", "12.0"),
    ("int8", "𝟙"), ("int64", ""), ("float64", "١٢"), ("float64", "1_000"), ("float32", "0x1F"), ("float64", "Inf"),
])
def test_unparsable_strings_are_data_errors(make_chain, target, text):
    with pytest.raises(DataError, match=rf"^transform 'cast' \(Cast\$Value\): cannot cast field 'x' of the "
                                        rf"record value to {target}: ") as caught:
        cast_one(make_chain, target, text)
    assert caught.value.field == "x"


@pytest.mark.parametrize("value, expected", [
    (1.0, "1.0"), (100.0, "100.0"), (0.001, "0.001"), (1e-5, "1.0E-5"), (1e7, "1.0E7"), (1e21, "1.0E21"),
    (-0.0, "-0.0"), (math.nan, "NaN"), (-math.inf, "-Infinity"), (123456.789, "123456.789"),
    (2.0**60, "1.15292150460684698E18"), (2.26797932753915e17, "2.26797932753915008E17"),  # JDK 17's extra digits
    (2.2065708004662117e25, "2.2065708004662116E25"), (5e-324, "4.9E-324"),
    (True, "true"), (-2**63, "-9223372036854775808"), (b"\x00\xff", "AP8="), ("é", "é"),
])
def test_to_string_is_javas_string_value_of(make_chain, value, expected):
    assert cast_one(make_chain, "string", value) == expected


def test_float_to_string_is_jdk17s():
    # Float.toString: unused by the twins today (a float32 comes back as a Python float), kept beside Double's
    assert [float_to_string(struct.unpack("f", struct.pack("f", x))[0]) for x in (0.1, 1e10, 1.0e-5, 3.4e38)] == \
        ["0.1", "1.0E10", "1.0E-5", "3.4E38"]
    assert double_to_string(struct.unpack("f", struct.pack("f", 0.1))[0]) == "0.10000000149011612"


@pytest.mark.parametrize("value, what", [([1], "a list"), ({"a": 1}, "a map"),
                                         (datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc), "datetime")])
def test_lists_maps_and_dates_cannot_be_cast(make_chain, value, what):
    with pytest.raises(DataError, match=f"cannot cast to string: field 'x' of the record value is {what}"):
        cast_one(make_chain, "string", value)


def test_bytes_cast_only_to_string(make_chain):
    assert cast_one(make_chain, "string", b"hi") == base64.b64encode(b"hi").decode()
    with pytest.raises(DataError, match="is bytes, which Cast converts only to string"):
        cast_one(make_chain, "int64", b"hi")


def test_whole_value_and_key(make_chain):
    chain = make_chain(cast("INT8"))
    assert chain.apply(Record("t", 300)).value == 44
    assert chain.apply(Record("t", "12")).value == 12
    out = make_chain(cast("string", "$Key")).apply(Record("t", {"a": 1}, key=2.5))
    assert (out.key, out.value) == ("2.5", {"a": 1})
    with pytest.raises(DataError, match=r"cannot cast to int8: the record value is a map"):
        chain.apply(Record("t", {"a": 1}))


def test_null_key_or_value_passes_and_a_non_map_is_an_error(make_chain):
    record = Record("t", None, key={"a": 1})
    assert make_chain(cast("a:int8")).apply(record) is record
    assert make_chain(cast("int8")).apply(record) is record
    with pytest.raises(DataError, match=r"only maps are supported without a schema for \[cast types\], found str"):
        make_chain(cast("a:int8")).apply(Record("t", "x"))


def test_key_variant_changes_only_the_key(make_chain):
    out = make_chain(cast("id:string", "$Key")).apply(Record("t", {"id": 1}, key={"id": 2}))
    assert out.key == {"id": "2"} and out.value == {"id": 1}


@pytest.mark.parametrize("spec, fields", [
    ("x : int8", {"x": "int8"}), ("ınt8:", None), ("a:int8:", {"a": "int8"}), (":string", {"": "string"}),
    ("a:int8,a:string", {"a": "string"}), (["a:int8", "b:boolean"], {"a": "int8", "b": "boolean"}),
    ({"a": "float64"}, {"a": "float64"}), ("x:ﬂoat32", {"x": "float32"}),
])
def test_spec_is_read_like_kafka(make_chain, spec, fields):
    chain = make_chain(cast(spec))
    stage_spec = chain.stages[0].spec
    assert stage_spec.casts == (fields or {}) and stage_spec.whole == (None if fields else "int8")


@pytest.mark.parametrize("spec, message", [
    ("", "'spec' is empty"), ("a:b:c", "must be field:type (one colon)"), (":", "names neither a field nor a type"),
    ("x:bytes", "Cast cannot cast to bytes"), ("x:map", "Cast cannot cast to map"), ("foo", "unknown type 'foo'"),
    ("a:", "unknown type 'a'"), ("int8,a:string", "a bare type must be the only entry"), ("a:int8,", "unknown type ''"),
    ("x:int8\u00a0", "unknown type"),
])
def test_bad_spec_is_a_config_error(make_chain, spec, message):
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        make_chain(cast(spec))
    assert (caught.value.alias, caught.value.key) == ("cast", "spec")


def test_replace_null_with_default_is_checked_and_ignored(make_chain):
    assert make_chain(cast("a:int8", **{"replace.null.with.default": "FALSE"})).apply(Record("t", {"a": 1}))
    with pytest.raises(ConfigError, match="replace.null.with.default"):
        make_chain(cast("a:int8", **{"replace.null.with.default": "maybe"}))
    with pytest.warns(ConfigWarning, match="unknown setting 'specs'"):
        make_chain(cast("a:int8", specs="b:int8"))


def test_input_is_not_mutated(make_chain):
    value = {"a": 1, "b": [1], "c": "2"}
    make_chain(cast("a:string,c:int8,d:int8")).apply(Record("t", value))
    assert value == {"a": 1, "b": [1], "c": "2"}


cast_configs = st.builds(
    lambda side, pairs, whole: {"type": "Cast" + side, "spec": whole or ",".join(f"{f}:{t}" for f, t in pairs)},
    variant,
    st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(["int8", "INT16", "int32", "int64", "float32",
                                                                 "float64", "boolean", "string", "bytes"])),
             min_size=1, max_size=3),
    st.sampled_from([None, None, "int8", "float32", "string", "boolean"]),
)


@needs_both_twins
@settings(max_examples=1500, deadline=None)
@given(config=cast_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


# --- Kafka as the judge ---------------------------------------------------------------------------------------

FIELDS = ["a", "b", "x", "id", ""]
EDGE_NUMBERS = [127, 128, -129, 255, 32767, 32768, -32769, 2**31 - 1, 2**31, -2**31 - 1, 2**53 + 1, 2**62 + 2**38 + 1,
                2**63 - 1, -2**63, 0.5, -0.5, 1.9, -1.9, math.nan, math.inf, -math.inf, -0.0, 1e-5, 1e7, 1e21, 0.1,
                100.0, 1e-3, 9.999999e-4, 2.0**60, 3e9, 5e-324, 1.7976931348623157e308, 3.4028235677973366e38,
                3.4028235677973362e38, 1.401298464324817e-45, 7.006492321624085e-46, 2.0**31 - 0.5, -2.0**63]
EDGE_STRINGS = ["12", " 12", "+12", "-12", "1e3", "0x1F", "0x1.8p1", "-0X.8P-2d", "NaN", "-Infinity", "true", "TRUE",
                "yes", "", "١٢", "１２", "𝟙", "1_000", "1d", "1f", " 1.5 ", "127", "128", "-129", "32768", "2147483648",
                "9223372036854775807", "9223372036854775808", "0.1", "1e400", "-1e-400", "16777217", ".5", "5.",
                "1.00000005960464477539062500001", "0x1p2147483648", "\t7\n", "-0", "1e", "e1", "+-1"]


def number(rng: random.Random):
    pick = rng.randrange(8)
    if pick < 3:
        return rng.choice(EDGE_NUMBERS)
    if pick == 3:
        return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
    if pick == 4:
        return float(rng.randint(-2**63, 2**63 - 1))
    if pick == 5:
        return rng.choice([rng.randint(-2**63, 2**63 - 1), rng.uniform(-1e9, 1e9), rng.randint(-300, 300)])
    if pick == 6:
        return rng.choice(EDGE_STRINGS)
    return repr(number(rng)) if rng.random() < 0.5 else str(rng.randint(-2**64, 2**64))


def field_value(rng: random.Random):
    pick = rng.randrange(20)
    if pick < 12:
        return number(rng)
    if pick < 18:
        return oracle.scalar(rng)
    return rng.choice([b"\x00\xffab", [1, "a"], {"k": 1}, datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc)])


def payload(rng: random.Random, whole: bool):
    """A map of fields to cast; for a whole-value spec mostly a single value; sometimes a tombstone."""
    pick = rng.randrange(10)
    if pick == 0:
        return None
    if (pick < 8) != whole:
        return {rng.choice(FIELDS): field_value(rng) for _ in range(rng.randint(0, 4))}
    return field_value(rng)


TYPES = ["int8", "int16", "int32", "int64", "float32", "float64", "boolean", "string", "INT8", "Float64", " string",
         "ınt8", "BOOLEAN", "String "]
BAD_TYPES = ["bytes", "map", "array", "struct", "foo", "", "int", "double", "int８"]


def make_case(rng: random.Random) -> oracle.Case:
    side = rng.choice(["$Key", "$Value"])
    pick = rng.randrange(20)
    if pick < 5:
        spec = rng.choice(TYPES) + rng.choice(["", "", ":"])  # the whole key/value ("int8:" is one too)
    elif pick < 18:
        spec = ",".join(f"{rng.choice(FIELDS)}{rng.choice([':', ':', ' : '])}{rng.choice(TYPES)}"
                        for _ in range(rng.randint(1, 3)))
    else:
        spec = rng.choice([":", "a:b:c", "int8,a:int8", "a:int8,", "", "a:" + rng.choice(BAD_TYPES),
                           rng.choice(BAD_TYPES), "a:int8,int8", "::int8"])
    config = {"type": "Cast" + side, "spec": spec}
    if rng.random() < 0.1:
        config["replace.null.with.default"] = rng.choice(["true", "false", "TRUE", "maybe"])
    whole = ":" not in spec.rstrip(":")
    records = []
    for _ in range(rng.randint(1, 4)):
        value, key = payload(rng, whole), payload(rng, whole)
        # oracle.record draws a payload of its own for None: put the tombstones and null keys back
        records.append(oracle.record(rng, value=value, key=key)._replace(value=value, key=key))
    if rng.random() < 0.2:  # source records: no offset, maybe no partition
        records = [r._replace(offset=None, partition=rng.choice([None, 0, 7])) for r in records]
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("Cast", oracle.generate(make_case, 2000, seed=10))
