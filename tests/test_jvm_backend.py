"""The jvm backend (transforms/backends/jvm.py): Kafka Connect's own classes, judged the same way as the twins.

These run in CI, which installs a JDK and the kafka extra; on a developer's machine without them they skip,
saying why.
"""

from __future__ import annotations

import fastavro
import orjson
import pytest

from bench.input.avrogen import Generator
from bench.input.formats import Json
import oracle
from conftest import backend_or_skip
from transforms import ConfigError, DataError, Record, build_chain, parse_chain
from twins import strictly_equal

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parent.parent / "examples"
KAFKA_STAGES = [  # the Kafka built-ins of examples/orders.yaml
    {"alias": "rename", "type": "ReplaceField$Value", "renames": "order_id:orderId,customer_id:customerId"},
    {"alias": "route", "type": "RegexRouter", "regex": "orders-(.*)", "replacement": "clean-$1"},
]


@pytest.fixture(scope="module")
def jvm():
    return backend_or_skip("jvm")


def orders(count=200):
    """Generated orders as JsonConverter (schemaless) hands them to a chain: JSON types only."""
    schema = fastavro.parse_schema(orjson.loads((EXAMPLES / "order.avsc").read_bytes()))
    json = Json()
    return [Record("orders-eu", json.decode(json.encode(value)), key=str(i), partition=i % 12, offset=i,
                   timestamp=1_760_000_000_000 + i, headers=(("trace", str(i)),))
            for i, value in enumerate(Generator(schema, 42).records(count))]


def test_kafka_and_the_twins_agree_on_the_example_chains_kafka_stages(jvm):
    spec = parse_chain(KAFKA_STAGES)
    kafka, python = build_chain(spec, jvm), build_chain(spec, "python")
    for record in orders():
        assert strictly_equal(kafka.apply(record), python.apply(record))


def test_records_cross_with_their_types_keys_headers_and_timestamps(jvm):
    chain = build_chain([{"type": "ReplaceField$Value", "renames": "a:b"}], jvm)
    value = {"a": 1, "f": 1.5, "t": True, "s": "x", "n": None, "l": [1, "y", None], "m": {"k": False}, "big": 2**63 - 1}
    record = Record("t", value, key={"id": 7}, partition=3, offset=9, timestamp=12, headers=(("h", "v"), ("h", 2)))
    out = chain.apply(record)
    expected = dict(value, b=1)
    del expected["a"]
    assert strictly_equal(out.value, expected)
    assert (out.topic, out.key, out.partition, out.offset, out.timestamp, out.headers) == (
        "t", {"id": 7}, 3, 9, 12, (("h", "v"), ("h", 2)))
    bare = chain.apply(Record("t", {"a": 1}))  # no partition, offset or timestamp: none come back
    assert (bare.partition, bare.offset, bare.timestamp) == (None, None, None)


def test_kafkas_config_exception_is_a_config_error(jvm):
    # Kafka's class judging the raw settings alone (smtbench's own parsing refuses this too, as Kafka does)
    with pytest.raises(ConfigError) as caught:
        build_chain(oracle.kafka_spec(oracle.Case([{"alias": "r", "type": "RegexRouter", "regex": "(?<my_name>x)",
                                                    "replacement": "y"}], [])), jvm)
    assert (caught.value.alias, caught.value.key) == ("r", "regex")
    assert "Kafka refused the configuration: ConfigException: Invalid value (?<my_name>x) for configuration regex" \
        in str(caught.value)


def test_kafkas_data_exception_is_a_data_error(jvm):
    chain = build_chain([{"alias": "r", "type": "ReplaceField$Value", "renames": "a:b"}], jvm)
    with pytest.raises(DataError, match=r"^transform 'r' \(ReplaceField\$Value\): DataException: Only Map objects "
                                        r"supported in absence of schema for \[field replacement\], found: "
                                        r"java.lang.String"):
        chain.apply(Record("t", "not a map"))
    # a replacement naming a group the regex lacks: Kafka fails on a matching topic only, at apply time
    router = build_chain([{"alias": "x", "type": "RegexRouter", "regex": "(a)|b", "replacement": "$1"}], jvm)
    assert router.apply(Record("c", None)).topic == "c"


@pytest.mark.parametrize("config, message", [
    ({"type": "Lookup$Value", "field": "c", "table": {"DE": "Germany"}}, "Lookup is smtbench's own transform"),
    ({"type": "busy:BusyWait", "us": 1}, "busy:BusyWait is a Python class"),
])
def test_what_has_no_java_class_is_refused_by_name(jvm, config, message):
    import sys

    sys.path.insert(0, str(EXAMPLES.parent / "benchmarks" / "probes"))
    try:
        with pytest.raises(ConfigError, match=message):
            build_chain([config], jvm)
    finally:
        sys.path.pop(0)


# Kafka's 16 built-in transforms, each with Connect's own keys, in one chain (Filter and SetSchemaMetadata apart:
# the one drops every record, the other needs a schema).
EVERY_BUILTIN = [
    {"alias": "cast", "type": "Cast$Value", "spec": "amount:float32,items:string"},
    {"alias": "mask", "type": "org.apache.kafka.connect.transforms.MaskField$Value", "fields": "email"},
    {"alias": "insert", "type": "InsertField$Value", "topic.field": "from_topic", "static.field": "src",
     "static.value": "shop"},
    {"alias": "header", "type": "InsertHeader", "header": "team", "value.literal": "42"},
    {"alias": "copy", "type": "HeaderFrom$Value", "fields": "country", "headers": "country", "operation": "copy"},
    {"alias": "drop", "type": "DropHeaders", "headers": "trace"},
    {"alias": "nest", "type": "HoistField$Value", "field": "order"},
    {"alias": "flat", "type": "Flatten$Value", "delimiter": "_"},
    {"alias": "rename", "type": "ReplaceField$Value", "renames": "order_order_id:id"},
    {"alias": "when", "type": "TimestampConverter$Value", "field": "order_created_at", "target.type": "string",
     "format": "yyyy-MM-dd"},
    {"alias": "key", "type": "ValueToKey", "fields": "id"},
    {"alias": "just", "type": "ExtractField$Key", "field": "id"},
    {"alias": "route", "type": "RegexRouter", "regex": "orders-(.*)", "replacement": "clean-$1"},
    {"alias": "daily", "type": "TimestampRouter", "topic.format": "${topic}-${timestamp}", "timestamp.format": "yyyy"},
]


def test_every_kafka_builtin_runs_on_the_jvm_with_connects_own_keys(jvm):
    record = orders(1)[0]
    out = build_chain(EVERY_BUILTIN, jvm).apply(record)
    value = out.value
    assert out.topic == "clean-eu-2025" and out.key == value["id"] == record.value["order_id"]
    assert value["order_email"] == "" and value["order_src"] == "shop" and value["order_from_topic"] == "orders-eu"
    assert value["order_amount"] == pytest.approx(record.value["amount"], rel=1e-6)  # float32
    assert value["order_items"] == str(record.value["items"]) and len(value["order_created_at"]) == 10
    assert dict(out.headers) == {"team": 42, "country": record.value["country"]}  # trace dropped
    assert build_chain([{"type": "Filter"}], jvm).apply(record) is None
    with pytest.raises(DataError, match="DataException: Schema required for \\[updating schema metadata\\]"):
        build_chain([{"type": "SetSchemaMetadata$Value", "schema.name": "x"}], jvm).apply(record)
    covered = {config["type"].rpartition(".")[2].partition("$")[0] for config in EVERY_BUILTIN}
    assert len(covered | {"Filter", "SetSchemaMetadata"}) == 16


def test_kafkas_three_predicates_decide_which_stages_run(jvm):
    predicates = [{"alias": "orders", "type": "TopicNameMatches", "pattern": "orders-.*"},
                  {"alias": "traced", "type": "HasHeaderKey", "name": "trace"},
                  {"alias": "tombstone", "type": "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone"}]
    chain = build_chain(parse_chain([
        {"alias": "drop", "type": "Filter", "predicate": "tombstone"},  # tombstones go
        {"alias": "mark", "type": "InsertField$Value", "static.field": "eu", "static.value": "yes",
         "predicate": "orders"},
        {"alias": "untraced", "type": "InsertField$Value", "static.field": "traced", "static.value": "no",
         "predicate": "traced", "negate": True},
    ], predicates=predicates), jvm)
    assert chain.apply(Record("orders-eu", None)) is None
    assert chain.apply(Record("orders-eu", {"a": 1})).value == {"a": 1, "eu": "yes", "traced": "no"}
    assert chain.apply(Record("other", {"a": 1}, headers=(("trace", "x"),))).value == {"a": 1}
    with pytest.raises(ConfigError, match="Kafka refused the configuration: ConfigException: .*pattern"):
        build_chain(oracle.kafka_spec(oracle.Case([], [], [{"alias": "p", "type": "TopicNameMatches"}])), jvm)
