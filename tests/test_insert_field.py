"""InsertField$Key / $Value: Kafka's InsertField.java, schemaless path (docs/semantics.md)."""

import pytest

from transforms.java_types import Int32
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, record_batches, variant
from transforms import ConfigError, DataError, Record
from twins import assert_twins_agree, needs_both_twins

SINK = Record("orders", {"id": 1}, key={"k": 2}, partition=3, offset=42, timestamp=1_700_000_000_123)


def ins(**settings):
    return {"alias": "ins", "type": "InsertField$Value", **{k.replace("_", "."): v for k, v in settings.items()}}


def test_inserts_topic_partition_offset_and_timestamp(make_chain):
    chain = make_chain(ins(topic_field="t", partition_field="p", offset_field="o", timestamp_field="ts"))
    out = chain.apply(SINK)
    assert out.value == {"id": 1, "t": "orders", "p": 3, "o": 42, "ts": 1_700_000_000_123}
    assert (out.topic, out.key, out.partition, out.offset, out.timestamp) == ("orders", {"k": 2}, 3, 42,
                                                                              1_700_000_000_123)
    assert [type(out.value[name]) for name in ("p", "o", "ts")] == [Int32, int, int]  # Integer, Long, Long: no Date


def test_static_value_is_a_string(make_chain):
    out = make_chain(ins(static_field="src", static_value=" 42 ")).apply(SINK)
    assert out.value == {"id": 1, "src": "42"}  # trimmed like every STRING setting, and never typed
    assert make_chain(ins(static_field="s", static_value="")).apply(SINK).value == {"id": 1, "s": ""}


@pytest.mark.parametrize("setting, name", [("a!", "a"), ("a?", "a"), ("a", "a"), ("a?!", "a?"), ("!", ""),
                                           ("", ""), (" b! ", "b")])
def test_one_trailing_marker_is_cut_off(make_chain, setting, name):
    # '!' (required) and '?' (optional) only shape a Struct schema; schemalessly they are just not the name.
    assert make_chain(ins(topic_field=setting)).apply(Record("t", {})).value == {name: "t"}


def test_later_insertions_and_existing_fields_are_overwritten(make_chain):
    chain = make_chain(ins(topic_field="x", partition_field="x", static_field="id", static_value="s"))
    assert chain.apply(SINK).value == {"id": "s", "x": 3}  # order: topic, partition, offset, timestamp, static


def test_missing_partition_or_timestamp_is_left_out(make_chain):
    chain = make_chain(ins(partition_field="p", timestamp_field="ts", topic_field="t"))
    out = chain.apply(Record("t", {"a": 1}, partition=None, offset=None, timestamp=None))
    assert out.value == {"a": 1, "t": "t"}


def test_offset_needs_a_sink_record(make_chain):
    # Kafka: requireSinkRecord ("Only SinkRecord supported for [field insertion]"); a Record without an offset
    # is what a source task makes.
    chain = make_chain(ins(offset_field="o"))
    assert chain.apply(Record("t", {}, partition=0, offset=0)).value == {"o": 0}
    with pytest.raises(DataError, match=r"^transform 'ins' \(InsertField\$Value\): offset.field 'o' needs a sink "
                                        r"record, and this record has no offset \(a source record\)$") as caught:
        chain.apply(Record("t", {"a": 1}))
    assert caught.value.field == "o"


def test_null_passes_through_and_non_map_is_a_data_error(make_chain):
    chain = make_chain(ins(offset_field="o"))
    tombstone = Record("t", None, key={"k": 1})
    assert chain.apply(tombstone) is tombstone  # even without an offset: a null is never looked at
    with pytest.raises(DataError, match=r"only maps are supported without a schema for \[field insertion\], "
                                        r"found list as the record value"):
        chain.apply(Record("t", [1], offset=1))


def test_key_variant_changes_only_the_key(make_chain):
    chain = make_chain({"type": "InsertField$Key", "partition.field": "p"})
    out = chain.apply(SINK)
    assert (out.key, out.value) == ({"k": 2, "p": 3}, {"id": 1})
    assert chain.apply(Record("t", {"a": 1}, key=None)).key is None
    with pytest.raises(DataError, match="found int as the record key"):
        chain.apply(Record("t", {"a": 1}, key=5))


@pytest.mark.parametrize("settings, key, message", [
    ({}, None, "nothing to insert: set at least one of topic.field, partition.field, offset.field, "
               "timestamp.field, static.field"),
    ({"static.value": "v"}, None, "nothing to insert"),
    ({"static.field": "s"}, "static.value", "static.field 's' needs a static.value (the string to insert)"),
    ({"topic.field": "t", "replace.null.with.default": "maybe"}, "replace.null.with.default",
     "'replace.null.with.default' must be true or false"),
])
def test_config_errors(make_chain, settings, key, message):
    with pytest.raises(ConfigError) as caught:
        make_chain({"alias": "ins", "type": "InsertField$Value", **settings})
    assert str(caught.value).startswith(f"transform 'ins' (InsertField$Value): {message}")
    assert (caught.value.alias, caught.value.key) == ("ins", key)


def test_input_is_not_mutated(make_chain):
    value = {"a": {"nested": [1]}}
    make_chain(ins(topic_field="a", static_field="b", static_value="v")).apply(Record("t", value, offset=1))
    assert value == {"a": {"nested": [1]}}


insert_field_configs = st.builds(
    lambda side, fields, static_value: {"type": "InsertField" + side, **fields,
                                        **({} if static_value is None else {"static.value": static_value})},
    variant,
    st.dictionaries(st.sampled_from(["topic.field", "partition.field", "offset.field", "timestamp.field",
                                     "static.field"]),
                    st.sampled_from(NAMES).flatmap(lambda n: st.sampled_from([n, n + "!", n + "?", n + "?!"])),
                    max_size=5),
    st.none() | st.text(max_size=4),
)


@needs_both_twins
@settings(max_examples=1000, deadline=None)
@given(config=insert_field_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


SETTINGS = ["topic.field", "partition.field", "offset.field", "timestamp.field", "static.field"]


def make_case(rng):
    config = {"type": "InsertField" + rng.choice(["$Key", "$Value"])}
    for key in SETTINGS:
        if rng.random() < 0.35:
            name = rng.choice(oracle.NAMES + ["", " a "])
            config[key] = name + rng.choice(["", "", "!", "?", "?!", "!?", " "])
    if rng.random() < 0.6:
        config["static.value"] = rng.choice(["", "v", " 42 ", "true", "é", oracle.text(rng)])
    if rng.random() < 0.08:
        config["replace.null.with.default"] = rng.choice(["true", "FALSE", "nope", ""])
    records = oracle.records(rng, rng.randint(1, 4))
    if rng.random() < 0.3:  # source records: no offset, maybe no partition
        records = [r._replace(offset=None, partition=rng.choice([None, None, 0, 7])) for r in records]
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("InsertField", oracle.generate(make_case, 2500, seed=20261))
