"""transforms/connect_values.py: Connect's ``Values.parseString``, as InsertHeader types its ``value.literal``."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest

from conftest import backend_or_skip
from literals import literal, padded_temporal
from transforms.connect_values import Unrepresentable, parse_string, parse_with_schema
from transforms.java_types import Float32, Int8, Int16, Int32
from twins import strictly_equal


def utc(*parts) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=datetime.timezone.utc)


F32_TENTH = Float32(0.10000000149011612)  # 0.1 as a float32 holds it

GRAMMAR = [
    # literal words: the whole (trimmed) literal, lower case
    ("", "STRING", ""), ("null", None, None), ("true", "BOOLEAN", True), ("false", "BOOLEAN", False),
    ("TRUE", "STRING", "TRUE"), ("true,false", "STRING", "true,false"),
    # whole numbers: the narrowest integer type; beyond a long, a float or a Decimal
    ("42", "INT8", Int8(42)), ("-128", "INT8", Int8(-128)), ("128", "INT16", Int16(128)),
    ("-32769", "INT32", Int32(-32769)),
    ("2147483648", "INT64", 2147483648), ("9223372036854775808", "Decimal", Decimal("9223372036854775808")),
    ("-0", "INT8", Int8(0)), ("+5", "INT8", Int8(5)), ("1.0", "INT8", Int8(1)), ("1e3", "INT16", Int16(1000)),
    ("0e99", "INT8", Int8(0)),
    # fractions: a float32 unless it overflows, then a double, then a Decimal
    ("1.5", "FLOAT32", Float32(1.5)), ("0.1", "FLOAT32", F32_TENTH), ("1e-50", "FLOAT32", Float32(0.0)),
    ("1E+19", "FLOAT32", Float32(9.999999980506448e18)), ("1e39", "FLOAT64", 1e39),
    ("1e309", "Decimal", Decimal("1E+309")),
    ("\u0661\u0662", "INT8", Int8(12)),
    # not numbers: the literal as it is
    ("NaN", "STRING", "NaN"), ("0x10", "STRING", "0x10"), ("1_000", "STRING", "1_000"), ("1e", "STRING", "1e"),
    # only the first token of a top-level literal counts
    ("1,2", "INT8", Int8(1)), ("12:30:00", "INT8", Int8(12)), ("7 days", "STRING", "7 days"),
    # temporals: exactly 10, 13 or 24 characters, read leniently; 'Z' is a letter (UTC here)
    ("2024-01-01", "Date", utc(2024, 1, 1)), ("12:30:00.000Z", "Time", utc(1970, 1, 1, 12, 30)),
    ("2024-01-01T12:30:00.000Z", "Timestamp", utc(2024, 1, 1, 12, 30)),
    ("2024-01-01T12:30:00Z", "STRING", "2024-01-01T12:30:00Z"), ("12\\:30\\:00.000Z", "Time", utc(1970, 1, 1, 12, 30)),
    ("2024-13-01", "Date", utc(2025, 1, 1)), ("2024-02-30", "Date", utc(2024, 3, 1)),
    ("2024-1-1xx", "Date", utc(2024, 1, 1)), ("25:00:00.000Z", "Time", utc(1970, 1, 2, 1)),
    ("1582-10-10", "Date", utc(1582, 10, 20)),  # Julian before the cutover
    # arrays: the elements' shared schema, each converted to it; any failure makes the literal a string
    ("[1, 2]", "ARRAY", [Int8(1), Int8(2)]), ("[1, 1.5]", "ARRAY", [Float32(1.0), Float32(1.5)]),
    ("[1, a]", "STRING", "[1, a]"),
    ("[null]", "ARRAY", [None]), ("[1, null]", "STRING", "[1, null]"), ("[1,]", "ARRAY", [Int8(1)]),
    ("[]", "ARRAY", []), ("[1, 1000, 100000]", "ARRAY", [Int32(1), Int32(1000), Int32(100000)]),
    ('["a", 1]', "ARRAY", ["a", Int8(1)]), ('[" "]', "ARRAY", [""]), ("[[1", "STRING", "[[1"),
    ("[1, 2024-01-01]", "ARRAY", [utc(1970, 1, 2), utc(2024, 1, 1)]),
    ("[2024-01-01, 1000000]", "STRING", "[2024-01-01, 1000000]"),
    ("[1, 9007199254740993, 1.5]", "ARRAY",  # (float) of a long: through a double, two roundings
     [Float32(1.0), Float32(9007199254740992.0), Float32(1.5)]),
    ("[86400000, 12:30:00.000Z]", "ARRAY", [utc(1970, 1, 2), utc(1970, 1, 1, 12, 30)]),  # ints as a Time: ms
    ("[86400001, 12:30:00.000Z]", "STRING", "[86400001, 12:30:00.000Z]"),  # past the day
    # maps: keys must be values too (a bare word fails), commas between entries are optional
    ("{a:1}", "STRING", "{a:1}"), ('{"a":1}', "MAP", {"a": Int8(1)}),
    ('{"a":1 "b":2}', "MAP", {"a": Int8(1), "b": Int8(2)}),
    ('{"a":1,"b":[2]}', "MAP", {"a": Int8(1), "b": [Int8(2)]}), ('{"x": null}', "MAP", {"x": None}),
    ('{"x": null, "y": 1}', "STRING", '{"x": null, "y": 1}'), ("{}", "MAP", {}),
    ("{1:1,1.00000001:2}", "MAP", {Float32(1.0): Int8(2)}),  # the keys become float32 1.0 both
    # quotes: embedded only; escapes are kept
    ('"x"', "STRING", '"x"'), ('["a\\"b"]', "ARRAY", ['a\\"b']), ('["a, "]', "ARRAY", ["a,"]),
    ("\U0001f600", "STRING", "\U0001f600"), ('["\U0001f600"]', "ARRAY", ["\U0001f600"]),
]


@pytest.mark.parametrize("text, schema, value", GRAMMAR)
def test_the_grammar(text, schema, value):
    found = parse_with_schema(text)
    assert found[0] == schema and strictly_equal(found[1], value), found
    assert strictly_equal(parse_string(text), value)


@pytest.mark.parametrize("text", ["0001-01-01", "99999-1-01", "0000-01-01", "{[1]: 2}", '{{"a": 1}: 2}'])
def test_what_python_cannot_hold_is_refused(text):
    # a Julian 0001-01-01 is 0000-12-30 (Gregorian), before datetime's first day; a list is no dict key
    with pytest.raises(Unrepresentable):
        parse_string(text)


@pytest.fixture(scope="module")
def bridge():
    backend_or_skip("jvm")
    from transforms.jvm import bridge
    from transforms.jvm.classpath import find_kafka

    bridge.start(find_kafka())
    return bridge


def test_kafkas_values_parse_string_agrees_on_generated_literals(bridge):
    """The parser alone against Connect's own, directly: 24,000 generated literals (tests/literals.py)."""
    import jpype

    values = jpype.JClass("org.apache.kafka.connect.data.Values")
    rng = random.Random(20240610)
    mismatches = []
    for index in range(24_000):
        text = literal(rng) if index < 20_000 else f'["{padded_temporal(rng)}"]'  # then 4,000 lenient dates
        kafka = values.parseString(text)
        try:
            ours = parse_with_schema(text)
        except Unrepresentable:
            ours = ("unrepresentable", None)
        if kafka is None:
            theirs = (None, None)
        else:
            name = kafka.schema().name()
            schema = str(name).rpartition(".")[2] if name is not None else str(kafka.schema().type())
            try:
                theirs = (schema, bridge.to_python(kafka.value()))
            except (TypeError, OverflowError):  # a list as a map key, a date datetime cannot hold
                theirs = ("unrepresentable", None)
        if theirs[0] != ours[0] or not strictly_equal(theirs[1], ours[1]):
            mismatches.append((text, theirs, ours))
    assert mismatches == []


def test_the_bridge_carries_decimals_both_ways(bridge):
    # by unscaled value and scale: "9.7E+2147483648", a scale of -2147483647, would not parse back as a string
    for number in (Decimal("1E+400"), Decimal("-12.50"), Decimal("12345678901234567890"), Decimal("9.7E+2147483648")):
        back = bridge.to_python(bridge.to_java(number))
        assert back == number and back.as_tuple().exponent == number.as_tuple().exponent
