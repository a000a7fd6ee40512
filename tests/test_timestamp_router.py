"""TimestampRouter: Kafka's TimestampRouter.java (docs/semantics.md)."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import java_patterns
import oracle
from strategies import record_batches
from transforms import ConfigWarning, DataError, Record
from twins import assert_twins_agree, needs_both_twins

TS = 1_700_000_000_123  # 2023-11-14T22:13:20.123Z


def tr(**settings):
    return {"alias": "route", "type": "TimestampRouter", **settings}


def test_default_format(make_chain):
    out = make_chain(tr()).apply(Record("orders", {"a": 1}, timestamp=TS))
    assert out.topic == "orders-20231114" and out.value == {"a": 1} and out.timestamp == TS


def test_every_placeholder_is_replaced_and_others_stay(make_chain):
    chain = make_chain(tr(**{"topic.format": "${topic}/${timestamp}/${topic}_${timestamp}_${partition}",
                             "timestamp.format": "yyyy-MM"}))
    assert chain.apply(Record("t", None, timestamp=TS)).topic == "t/2023-11/t_2023-11_${partition}"


def test_a_topic_holding_the_timestamp_placeholder_gets_it_replaced(make_chain):
    # Kafka replaces ${topic} first, then ${timestamp} in the result.
    out = make_chain(tr()).apply(Record("a${timestamp}", None, timestamp=TS))
    assert out.topic == "a20231114-20231114"


def test_timestamps_before_1970_and_far_away(make_chain):
    chain = make_chain(tr(**{"timestamp.format": "G yyyy-MM-dd HH:mm:ss.SSS EEE"}))
    assert chain.apply(Record("t", None, timestamp=-1)).topic == "t-AD 1969-12-31 23:59:59.999 Wed"
    assert chain.apply(Record("t", None, timestamp=-2**63)).topic == "t-BC 292269055-12-02 16:47:04.192 Sun"
    # the Julian calendar before 1582-10-15
    assert chain.apply(Record("t", None, timestamp=-12_219_292_800_001)).topic == \
        "t-AD 1582-10-04 23:59:59.999 Thu"


def test_missing_timestamp_is_a_data_error(make_chain):
    with pytest.raises(DataError, match="the record has no timestamp"):
        make_chain(tr()).apply(Record("t", None))


def test_bad_pattern_fails_each_record_not_the_configuration(make_chain):
    # Kafka builds its SimpleDateFormat on the first record.
    with pytest.warns(ConfigWarning, match="is not a SimpleDateFormat pattern"):
        chain = make_chain(tr(**{"timestamp.format": "yyyy-bb"}))
    with pytest.raises(DataError, match="illegal pattern letter 'b'"):
        chain.apply(Record("t", None, timestamp=TS))
    with pytest.raises(DataError, match="no timestamp"):  # the missing timestamp is found first
        chain.apply(Record("t", None))


def test_input_is_not_mutated(make_chain):
    value = {"a": [1]}
    make_chain(tr()).apply(Record("t", value, timestamp=TS))
    assert value == {"a": [1]}


router_configs = st.builds(
    lambda topic, pattern: {"type": "TimestampRouter", "topic.format": topic, "timestamp.format": pattern},
    st.sampled_from(["${topic}-${timestamp}", "${timestamp}", "x", "${topic}${topic}", "${ts}"]),
    st.sampled_from(java_patterns.COMMON + ["b"]))


@needs_both_twins
@pytest.mark.filterwarnings("ignore:.*is not a SimpleDateFormat pattern")
@settings(max_examples=500, deadline=None)
@given(config=router_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


TOPIC_FORMATS = ["${topic}-${timestamp}", "${timestamp}", "${topic}", "", "x", "${topic}${timestamp}${topic}",
                 "${timestamp}_${timestamp}", "$topic-{timestamp}", "${TOPIC}", "${ts}-${topic}", " ${topic} ",
                 "${topic", "\\${topic}", "$${timestamp}", "${topic}-$1"]


def make_case(rng: random.Random) -> oracle.Case:
    config = {"alias": "r", "type": "TimestampRouter"}
    if rng.random() < 0.8:
        config["topic.format"] = rng.choice(TOPIC_FORMATS)
    if rng.random() < 0.9:
        config["timestamp.format"] = java_patterns.pattern(rng)
    records = []
    for _ in range(4):
        record = oracle.record(rng)
        if rng.random() < 0.2:
            record = record._replace(topic=rng.choice(["a${timestamp}", "${topic}", "$1", "\\"]))
        if rng.random() < 0.8:
            record = record._replace(timestamp=java_patterns.millis(rng))
        records.append(record)
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("TimestampRouter", oracle.generate(make_case, 2000, seed=20))
