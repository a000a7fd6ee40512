"""TimestampConverter$Key / $Value: Kafka's TimestampConverter.java, schemaless path (docs/semantics.md)."""

import datetime
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import java_patterns
import oracle
from strategies import record_batches, variant
from transforms import ConfigError, DataError, Record, build_chain
from transforms.java_datetime import DateFormat
from twins import assert_twins_agree, needs_both_twins

UTC = datetime.timezone.utc
TS = 1_700_000_000_123  # 2023-11-14T22:13:20.123Z
MOMENT = datetime.datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)


def tc(**settings):
    return {"alias": "ts", "type": "TimestampConverter$Value", **settings}


def convert(make_chain, value, **settings):
    return make_chain(tc(**settings)).apply(Record("t", value)).value


@pytest.mark.parametrize("target, expected", [
    ("unix", TS), ("Timestamp", MOMENT), ("Date", datetime.datetime(2023, 11, 14, tzinfo=UTC)),
    ("Time", datetime.datetime(1970, 1, 1, 22, 13, 20, 123000, tzinfo=UTC)), ("string", "2023-11-14 22:13:20.123")])
def test_targets_from_unix_millis(make_chain, target, expected):
    assert convert(make_chain, TS, **{"target.type": target, "format": "yyyy-MM-dd HH:mm:ss.SSS"}) == expected


def test_sources_are_inferred(make_chain):
    config = {"target.type": "unix", "format": "yyyy-MM-dd HH:mm:ss.SSS"}
    assert convert(make_chain, MOMENT, **config) == TS
    assert convert(make_chain, "2023-11-14 22:13:20.123", **config) == TS
    for value in (True, 1.5, [1], {"a": 1}):
        with pytest.raises(DataError, match="TimestampConverter takes an int"):
            convert(make_chain, value, **config)


@pytest.mark.parametrize("precision, unix, millis", [
    ("seconds", 1_700_000_000, 1_700_000_000_000), ("microseconds", -1_500, -1), ("nanoseconds", 1_999_999, 1),
    ("seconds", 2**62, 2**63 - 1)])
def test_unix_precision_in(make_chain, precision, unix, millis):
    as_text = {"target.type": "string", "format": "G yyyy-MM-dd HH:mm:ss.SSS"}
    assert convert(make_chain, unix, **as_text, **{"unix.precision": precision}) == \
        convert(make_chain, millis, **as_text)


@pytest.mark.parametrize("precision, millis, unix", [
    ("seconds", -1_999, -1), ("microseconds", 5, 5_000), ("nanoseconds", 9_300_000_000_000, 2**63 - 1),
    ("nanoseconds", -9_300_000_000_000, -2**63)])
def test_unix_precision_out_truncates_toward_zero_and_saturates(make_chain, precision, millis, unix):
    moment = datetime.datetime(1970, 1, 1, tzinfo=UTC) + datetime.timedelta(milliseconds=millis)
    assert convert(make_chain, moment, **{"target.type": "unix", "unix.precision": precision}) == unix


def test_date_and_time_before_1970(make_chain):
    assert convert(make_chain, -1, **{"target.type": "Date"}) == datetime.datetime(1969, 12, 31, tzinfo=UTC)
    assert convert(make_chain, -1, **{"target.type": "Time"}) == \
        datetime.datetime(1970, 1, 1, 23, 59, 59, 999000, tzinfo=UTC)


def test_a_field_of_a_map(make_chain):
    chain = make_chain(tc(field="ts", **{"target.type": "string", "format": "dd/MM/yy"}))
    assert chain.apply(Record("t", {"ts": TS, "id": 1})).value == {"ts": "14/11/23", "id": 1}
    assert chain.apply(Record("t", {"id": 1})).value == {"id": 1, "ts": None}  # a missing field is added as null
    with pytest.raises(DataError, match=r"only maps are supported without a schema for \[converting timestamp"):
        chain.apply(Record("t", TS))


def test_null_passes_through(make_chain):
    record = Record("t", None, key=TS)
    assert make_chain(tc(**{"target.type": "unix"})).apply(record).value is None
    assert make_chain({"type": "TimestampConverter$Key", "target.type": "Date"}).apply(record).key == \
        datetime.datetime(2023, 11, 14, tzinfo=UTC)


def test_lenient_parse(make_chain):
    config = {"target.type": "string", "format": "yyyy-MM-dd"}
    assert convert(make_chain, "2024-13-45", **config) == "2025-02-14"  # rolls over, as Java's lenient calendar
    assert convert(make_chain, "2024-1-5 trailing text", **config) == "2024-01-05"
    with pytest.raises(DataError, match=r"could not parse '5 Jan 2024' .* pattern 'yyyy-MM-dd'"):
        convert(make_chain, "5 Jan 2024", **config)


def test_microseconds_of_a_datetime_are_dropped(make_chain):
    # java.util.Date holds milliseconds
    moment = datetime.datetime(2024, 1, 1, 0, 0, 0, 999, tzinfo=UTC)
    assert convert(make_chain, moment, **{"target.type": "Timestamp"}) == datetime.datetime(2024, 1, 1, tzinfo=UTC)


def test_string_input_without_format_is_a_data_error(make_chain):
    with pytest.raises(DataError, match="no format is set"):
        convert(make_chain, "2024", **{"target.type": "unix"})


def test_result_outside_python_datetime_is_a_data_error(make_chain):
    with pytest.raises(DataError, match="outside the years 1-9999"):
        convert(make_chain, 2**62, **{"target.type": "Timestamp"})


@pytest.mark.parametrize("settings, key", [
    ({}, "target.type"), ({"target.type": "timestamp"}, "target.type"), ({"target.type": "string"}, "format"),
    ({"target.type": "unix", "unix.precision": "millis"}, "unix.precision"),
    ({"target.type": "unix", "format": "yyyy-bb"}, "format"), ({"target.type": "unix", "format": "'open"}, "format"),
    ({"target.type": "unix", "replace.null.with.default": "yes"}, "replace.null.with.default")])
def test_bad_configuration(make_chain, settings, key):
    with pytest.raises(ConfigError) as caught:
        make_chain(tc(**settings))
    assert caught.value.key == key


def test_week_year_is_refused_for_parsing(make_chain):
    with pytest.raises(ConfigError, match="cannot parse pattern letter 'Y' the way Java does"):
        make_chain(tc(**{"target.type": "string", "format": "YYYY-'W'ww"}))


def test_input_is_not_mutated(make_chain):
    value = {"ts": TS, "b": [1]}
    make_chain(tc(field="ts", **{"target.type": "Date"})).apply(Record("t", value))
    assert value == {"ts": TS, "b": [1]}


converter_configs = st.builds(
    lambda side, target, field, pattern, precision: {
        "type": "TimestampConverter" + side, "target.type": target, "field": field, "format": pattern,
        "unix.precision": precision},
    variant, st.sampled_from(["string", "unix", "Date", "Time", "Timestamp"]), st.sampled_from(["", "a", "b"]),
    st.sampled_from([p for p in java_patterns.COMMON if "Y" not in p]),
    st.sampled_from(["milliseconds", "seconds", "microseconds", "nanoseconds"]))


@needs_both_twins
@settings(max_examples=500, deadline=None)
@given(config=converter_configs, records=record_batches,
       values=st.lists(st.one_of(st.integers(-2**45, 2**45), st.text(max_size=12)), max_size=3))
def test_twins_agree(config, records, values):
    extra = [Record("t", {"a": v, "b": v}, key=v) for v in values]
    assert_twins_agree([config], records + extra)


TARGETS = ["string", "unix", "Date", "Time", "Timestamp"]
FIELDS = ["ts", "a", "", " ts ", "x.y"]
_MIN_MS, _MAX_MS = -62_135_596_800_000, 253_402_300_799_999


def _parses(pattern: str) -> bool:
    """True for a pattern smtbench takes (Y is refused, a deliberate difference) or one Java refuses too."""
    fmt = DateFormat(pattern)
    return fmt.error is not None or all(type(p) is str or p[0] != "Y" for p in fmt.parts)


def _moment(rng, micros=False):
    millis = rng.randint(_MIN_MS, _MAX_MS)
    moment = datetime.datetime(1970, 1, 1, tzinfo=UTC) + datetime.timedelta(milliseconds=millis)
    return moment + datetime.timedelta(microseconds=rng.randint(0, 999)) if micros else moment


def _timestamp(rng, fmt, precision, operated):
    """A value for the converted field: mostly ints, strings in (or near) the pattern and datetimes (with
    microseconds or naive only where the transform reads it: elsewhere the JVM bridge would floor or zone them)."""
    pick = rng.randrange(12)
    if pick < 3:
        limit = {"seconds": 10**11, "microseconds": 10**17, "nanoseconds": 2**63}.get(precision, 10**14)
        return rng.choice([rng.randint(-limit, limit - 1), rng.randint(-10**13, 10**13), 0, -1, 2**63 - 1, -2**63])
    if pick < 7 and fmt is not None and fmt.error is None:
        text = fmt.format(java_patterns.millis(rng) if rng.random() < 0.3 else rng.randint(_MIN_MS, _MAX_MS))
        return java_patterns.mutate(rng, text) if rng.random() < 0.6 else text
    if pick < 8:
        return rng.choice(["", "2024-01-05", "20240105", "abc", "12", "Tue, 5 Mar 2024 10:00:00 +0100"])
    if pick < 10:
        moment = _moment(rng, micros=operated and rng.random() < 0.3)
        return moment.replace(tzinfo=None) if operated and rng.random() < 0.1 else moment
    return rng.choice([None, True, 1.5, [1], {"a": 1}, b"\x01"])


def make_case(rng: random.Random) -> oracle.Case:
    config = {"alias": "c", "type": rng.choice(["TimestampConverter$Key", "TimestampConverter$Value"])}
    if rng.random() < 0.97:
        config["target.type"] = rng.choice(TARGETS) if rng.random() < 0.93 else \
            rng.choice(["STRING", "date", "Unix", "", "timestamp", " unix "])
    if rng.random() < 0.6:
        config["field"] = rng.choice(FIELDS)
    if rng.random() < 0.75 or config.get("target.type") == "string":
        pattern = java_patterns.pattern(rng)
        while not _parses(pattern):
            pattern = java_patterns.pattern(rng)
        config["format"] = pattern if rng.random() < 0.95 else rng.choice(["", "  "])
    if rng.random() < 0.5:
        config["unix.precision"] = rng.choice(["milliseconds", "seconds", "microseconds", "nanoseconds"] * 3
                                              + ["Seconds", "millis"])
    if rng.random() < 0.2:
        config["replace.null.with.default"] = rng.choice(["true", "false", "FALSE", "yes"])
    fmt = DateFormat(config["format"].strip()) if config.get("format", "").strip() else None
    field = config.get("field", "").strip()
    records = []
    for _ in range(4):
        record = oracle.record(rng, names=FIELDS)
        on_key = config["type"].endswith("$Key")
        values = [_timestamp(rng, fmt, config.get("unix.precision"), side == on_key) for side in (False, True)]
        pick = rng.randrange(10)
        if field and pick < 7:
            values = [{**(oracle.json_map(rng, names=FIELDS) if rng.random() < 0.5 else {}), field: v} for v in values]
        if pick < 9:
            record = record._replace(value=values[0], key=values[1])
        records.append(record)
    kept = _representable(config, records)
    return oracle.Case([config], kept or [Record("t", None)], left_out=len(records) - len(kept),
                       why="a Date or Timestamp outside the years 1-9999, which a Python datetime cannot hold")


def _representable(config, records):
    """Drop the records whose Date/Timestamp result a Python datetime cannot hold (a documented difference: Java
    returns the date, smtbench a DataError, and the JVM bridge cannot bring such a date back)."""
    try:
        chain = build_chain([config], "python")
    except Exception:
        return records
    kept = []
    for record in records:
        try:
            chain.apply(record)
        except DataError as exc:
            if "outside the years 1-9999" in str(exc):
                continue
        kept.append(record)
    return kept


def test_kafka_agrees():
    oracle.assert_kafka_agrees("TimestampConverter", oracle.generate(make_case, 2000, seed=30))
