"""Records as they are (bench/input/samples.py, messages.py, keys.py; the wire in measure/): each sample format read
with its keys, headers and timestamps, tombstones kept as null values, keys from a key schema, and the same records
reaching every backend, Kafka's JVM included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import fastavro
import pytest

from bench.errors import BenchError
from bench.input import chainfile, messages, samples
from bench.measure.jvm import forks
from bench.measure.prepare import prepare
from bench.measure.workload import Message, decode_all, decoder
from conftest import backend_or_skip

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
KEY_SCHEMA = {"type": "record", "name": "OrderKey",
              "fields": [{"name": "order_id", "type": "long"}, {"name": "region", "type": "string"}]}


def envelope(offset, payload, key=None, headers=None, topic="orders", ts=True):
    found = {"topic": topic, "partition": offset % 3, "offset": offset}
    if ts:
        found.update(tstype="create", ts=1_700_000_000_000 + offset)
    found["broker"] = 1
    if headers is not None:
        found["headers"] = headers
    return json.dumps({**found, "key": key, "payload": payload})


def kcat_j(path, count=12):
    """kcat -J output: JSON keys (one null), headers on every third, a tombstone every fifth."""
    lines = [envelope(i, None if i % 5 == 3 else json.dumps({"id": i, "email": f"u{i}@x.io"}),
                      None if i == 7 else json.dumps({"id": i}),
                      ["trace", f"t{i}", "none", None] if i % 3 == 0 else None) for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def chain(tmp_path, messages_yaml, transforms="[]", predicates=""):
    for name in ("order.avsc",):
        (tmp_path / name).write_bytes((EXAMPLES / name).read_bytes())
    (tmp_path / "key.avsc").write_text(json.dumps(KEY_SCHEMA), encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(f"name: s\nmessages: {messages_yaml}\n{predicates}transforms: {transforms}\n", encoding="utf-8")
    return chainfile.load(path)


# -- each format, recognised per file ------------------------------------------------------------------------------
def test_json_values_keep_tombstones_as_null_values(tmp_path):
    (tmp_path / "v.jsonl").write_text('{"a": 1}\n\nnull\nNULL\n{"a": 2}\n', encoding="utf-8")
    source = samples.read(tmp_path / "v.jsonl", None)
    assert source.kind == "JSON values" and source.values == [{"a": 1}, None, None, None, {"a": 2}]
    assert source.keys is None and source.headers is None and source.meta is None and source.tombstones == 3
    assert source.origins[1].endswith("v.jsonl:2")
    assert samples.read(tmp_path / "v.jsonl", 2).values == [{"a": 1}, None]


def test_kcat_j_envelopes_give_keys_headers_timestamps_and_are_never_values(tmp_path):
    source = samples.read(kcat_j(tmp_path / "j.jsonl"), None)
    assert source.kind == "kcat -J envelopes" and source.topic == "orders"
    assert source.values[0] == {"id": 0, "email": "u0@x.io"} and source.values[3] is None and source.tombstones == 2
    assert source.keys[0] == {"id": 0} and source.keys[7] is None and not source.key_text  # JSON text: JSON keys
    assert source.headers[0] == (("trace", "t0"), ("none", None)) and source.headers[1] == ()
    assert source.meta[4] == (1, 4, 1_700_000_000_004)
    assert not any(isinstance(v, dict) and "payload" in v for v in source.values)


def test_kcat_j_details(tmp_path):
    path = tmp_path / "j.jsonl"
    lines = [envelope(0, None, key="plain", ts=False, headers={"h": ["a", "b"]}),  # kcat's map form of headers
             envelope(1, {"already": "decoded"}, key="{not json"),  # kcat -s value=avro writes the value itself
             envelope(2, "7", key="", topic="other")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = samples.read(path, None)
    assert source.values == [None, {"already": "decoded"}, 7]
    assert source.keys == ["plain", "{not json", ""] and source.key_text  # not all JSON: the text itself
    assert source.headers[0] == (("h", "a"), ("h", "b")) and source.meta[0] == (0, 0, None)
    assert source.topic == "orders" and "envelopes of 2 topics, measured as one: orders" in source.notes[0]


@pytest.mark.parametrize("text, expected", [
    (envelope(0, "{}") + '\n{"a": 1}\n', r"j.jsonl:2: not a kcat -J envelope .* though the file's first record is"),
    ('{"a": 1}\n' + envelope(1, "{}") + "\n", r"j.jsonl:2: a kcat -J envelope among JSON values .* never taken as"),
    (envelope(0, "{oops") + "\n", r"j.jsonl:1: the payload is not JSON text"),
    (envelope(0, "{}", headers=["only-a-name"]) + "\n", r"j.jsonl:1: the envelope's 'headers' is neither"),
    (envelope(0, None)[:-1] + ', "payload_error": "Invalid magic byte"}\n',
     r"j.jsonl:1: kcat could not decode this message's payload: Invalid magic byte"),
])
def test_a_sample_holds_one_format(tmp_path, text, expected):
    (tmp_path / "j.jsonl").write_text(text, encoding="utf-8")
    with pytest.raises(BenchError, match=expected):
        samples.read(tmp_path / "j.jsonl", None)


def test_kcat_k_lines_split_at_the_first_tab(tmp_path):
    (tmp_path / "k.txt").write_text('user-1\t{"a": 1}\n\t{"a": 2}\nuser-3\t\nNULL\tNULL\nuser-5\t{"b":\t"x"}\n',
                                    encoding="utf-8")
    source = samples.read(tmp_path / "k.txt", None)
    assert source.kind == "kcat -K'\\t' lines" and source.key_text
    assert source.keys == ["user-1", None, "user-3", None, "user-5"]
    assert source.values == [{"a": 1}, {"a": 2}, None, None, {"b": "x"}]
    assert source.tombstones == 2 and source.meta is None and source.headers is None


def test_kcat_k_json_keys_and_another_delimiter(tmp_path):
    (tmp_path / "k.txt").write_text('{"id": 1}\t{"a": 1}\n{"id": 2}\t{"a": 2}\n', encoding="utf-8")
    source = samples.read(tmp_path / "k.txt", None)
    assert source.keys == [{"id": 1}, {"id": 2}] and not source.key_text
    (tmp_path / "c.txt").write_text('7:{"a": 1}\n8:{"a": 2}\n', encoding="utf-8")  # kcat -K:
    source = samples.read(tmp_path / "c.txt", None, ":")
    assert source.keys == [7, 8] and source.values == [{"a": 1}, {"a": 2}]
    with pytest.raises(BenchError, match=r"c.txt:1: no key delimiter '\|' on this line"):
        samples.read(tmp_path / "c.txt", None, "|")
    loaded = chain(tmp_path, "{sample: c.txt, key_delimiter: ':'}")  # the chain file names it
    assert messages.load(loaded).keys == [7, 8]
    with pytest.raises(BenchError, match=r"c.yaml:2: messages.key_delimiter reads a sample as kcat -K lines"):
        chain(tmp_path, "{sample: c.txt, key_delimiter: ''}")


def test_json_values_with_a_tab_inside_stay_values(tmp_path):
    (tmp_path / "v.jsonl").write_text('{"a":\t1}\n{"b":\t2}\n', encoding="utf-8")
    assert samples.read(tmp_path / "v.jsonl", None).values == [{"a": 1}, {"b": 2}]


def test_avro_container_unchanged(tmp_path):
    schema = fastavro.parse_schema({"type": "record", "name": "S", "fields": [{"name": "n", "type": "long"}]})
    with open(tmp_path / "s.avro", "wb") as handle:
        fastavro.writer(handle, schema, [{"n": i} for i in range(5)])
    source = samples.read(tmp_path / "s.avro", 3)
    assert source.values == [{"n": 0}, {"n": 1}, {"n": 2}] and source.keys is None and source.kind == "Avro container"


# -- what fits in memory ---------------------------------------------------------------------------------------------
ORDER = {"type": "record", "name": "O", "fields": [{"name": "id", "type": "long"}, {"name": "email", "type": "string"}]}


def orders(count):
    return [{"id": i, "email": f"user{i}@example.com"} for i in range(count)]


def test_a_sample_that_would_not_fit_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    # the file's last line is no JSON: read whole, that would be the error
    (tmp_path / "v.jsonl").write_text("".join(json.dumps(o) + "\n" for o in orders(3000)) + "{not json\n")
    monkeypatch.setattr(messages, "available_memory", lambda: 1 << 20)
    with pytest.raises(BenchError) as refused:
        messages.load(chain(tmp_path, "{sample: v.jsonl}"))
    said = str(refused.value)
    assert "c.yaml:2: messages.sample v.jsonl (0.1 MB, about " in said and " would take about " in said
    assert ", over half the 1.0 MB available: give messages.count: " in said and "or fewer" in said
    about = int(said.split("about ")[1].split(" records")[0].replace(",", ""))
    assert 2400 <= about <= 3600  # the file's size over its first lines': 3,001 lines
    most = int(said.split("messages.count: ")[1].split(" or fewer")[0].replace(",", ""))
    # the count said fits, and is read without the rest of the file
    assert len(messages.load(chain(tmp_path, f"{{sample: v.jsonl, count: {most}}}")).values) == most
    with pytest.raises(BenchError, match=r"c.yaml:2: messages.count 2,900 of sample v.jsonl would take about "):
        messages.load(chain(tmp_path, "{sample: v.jsonl, count: 2900}"))
    monkeypatch.undo()  # with the memory this machine has, the whole file is read (and its last line refused)
    with pytest.raises(BenchError, match=r"v.jsonl:3001: not a JSON value"):
        messages.load(chain(tmp_path, "{sample: v.jsonl}"))
    assert len(messages.load(chain(tmp_path, "{sample: v.jsonl, count: 3000}")).values) == 3000


def test_an_avro_container_is_sized_by_its_first_block(tmp_path, monkeypatch):
    with open(tmp_path / "v.avro", "wb") as handle:  # blocks of about 4 KB, as a writer's sync interval makes them
        fastavro.writer(handle, fastavro.parse_schema(ORDER), orders(5000), sync_interval=4000)
    with open(tmp_path / "v.avro", "rb") as handle:
        assert len(list(fastavro.block_reader(handle))) > 10
    monkeypatch.setattr(messages, "available_memory", lambda: 1 << 20)
    with pytest.raises(BenchError, match=r"c.yaml:2: messages.sample v.avro \(0.1 MB, about [\d,]+ records\) "
                                         r"would take about .* give messages.count: [\d,]+ or fewer") as refused:
        messages.load(chain(tmp_path, "{sample: v.avro}"))
    about = int(str(refused.value).split("about ")[1].split(" records")[0].replace(",", ""))
    assert 4000 <= about <= 6000
    monkeypatch.undo()
    source = messages.load(chain(tmp_path, "{sample: v.avro}"))
    assert source.values == orders(5000) and source.kind == "Avro container"


# -- keys from a key schema ------------------------------------------------------------------------------------------
def test_generated_keys_share_the_values_fields(tmp_path):
    loaded = chain(tmp_path, "{schema: order.avsc, key_schema: key.avsc, count: 20}")
    source = messages.load(loaded)
    assert all(key["order_id"] == value["order_id"] for key, value in zip(source.keys, source.values))
    assert len({key["order_id"] for key in source.keys}) == 20
    assert all(isinstance(key["region"], str) for key in source.keys)
    assert source.keys == messages.load(loaded).keys  # reproducible from the seed
    (tmp_path / "id.avsc").write_text('"long"', encoding="utf-8")
    primitive = chain(tmp_path, "{schema: order.avsc, key_schema: id.avsc, count: 3}")
    assert messages.load(primitive).keys == [10_000_000, 10_000_001, 10_000_002]
    assert messages.describe(loaded) == "generated from order.avsc (seed 42), keys from key.avsc, format json"


def test_the_key_schema_is_for_generated_records_and_the_command_line_gives_it(tmp_path):
    kcat_j(tmp_path / "j.jsonl")
    with pytest.raises(BenchError, match=r"c.yaml:2: messages.key_schema generates keys for generated records"):
        chain(tmp_path, "{sample: j.jsonl, key_schema: key.avsc}")
    loaded = chain(tmp_path, "{schema: order.avsc, count: 5}")
    chainfile.override_messages(loaded, {"key_schema": str(tmp_path / "key.avsc")})
    assert loaded.messages.key_schema == tmp_path / "key.avsc" and messages.load(loaded).keys[0]["order_id"]
    chainfile.override_messages(loaded, {"sample": str(tmp_path / "j.jsonl")})  # a new sample: no key schema
    assert loaded.messages.key_schema is None and loaded.messages.sample == tmp_path / "j.jsonl"


# -- the wire, and every backend ------------------------------------------------------------------------------------
def test_the_wire_carries_keys_headers_and_timestamps_and_records_get_them(tmp_path):
    kcat_j(tmp_path / "j.jsonl")
    workload = prepare(chain(tmp_path, "{sample: j.jsonl}"), ["python"], records=12)
    assert workload.topic == "orders" and workload.count == 12
    assert workload.wire[0] == Message(b'{"id":0,"email":"u0@x.io"}', b'{"id":0}', 0, 0, 1_700_000_000_000,
                                       (("trace", b"t0"), ("none", None)))
    assert workload.wire[3].value is None and workload.wire[7].key is None  # a tombstone, a message without a key
    records = decode_all(workload, decoder(workload.converter()))
    assert records[0].key == {"id": 0} and records[0].headers == (("trace", "t0"), ("none", None))
    assert (records[4].partition, records[4].offset, records[4].timestamp) == (1, 4, 1_700_000_000_004)
    assert records[3].value is None and records[3].key == {"id": 3}
    assert "kcat -J envelopes) with keys, headers, timestamps, 2 tombstones, format json" in workload.described


def test_format_none_carries_python_values(tmp_path):
    (tmp_path / "k.txt").write_text('a\t{"x": 1}\nb\t\n', encoding="utf-8")
    workload = prepare(chain(tmp_path, "{sample: k.txt, format: none}"), ["python"], records=2)
    assert workload.wire[0][:2] == ({"x": 1}, "a") and workload.wire[1][:2] == (None, "b")


TOMBSTONES = "predicates:\n  - {alias: tomb, type: RecordIsTombstone}\n"
DROP = "[{alias: drop, type: Filter, predicate: tomb}]"


@pytest.mark.parametrize("backend", ["python", "cython"])
def test_a_filter_on_tombstones_drops_exactly_them(tmp_path, backend):
    backend_or_skip(backend)
    kcat_j(tmp_path / "j.jsonl", 20)
    workload = prepare(chain(tmp_path, "{sample: j.jsonl}", DROP, TOMBSTONES), [backend], records=20)
    assert workload.record_counts == [20, 16]
    (tmp_path / "v.jsonl").write_text('{"a": 1}\n\nnull\n{"a": 2}\nNULL\n', encoding="utf-8")
    workload = prepare(chain(tmp_path, "{sample: v.jsonl}", DROP, TOMBSTONES), [backend], records=5)
    assert workload.record_counts == [5, 2]


def test_kafkas_filter_on_tombstones_drops_exactly_them(tmp_path):
    backend_or_skip("jvm")
    (tmp_path / "k.txt").write_text("".join(f"k{i}\t{{}}\n" if i % 4 else f"k{i}\t\n" for i in range(20)))
    workload = prepare(chain(tmp_path, "{sample: k.txt}", DROP, TOMBSTONES), ["jvm"], records=20)
    disagreements, outcomes, records_out = forks.check(workload)
    assert [outcome.records_in for outcome in outcomes] + [records_out] == [20, 15] and disagreements == []
    assert workload.record_counts == [20, 15]
    assert (outcomes[0].dropped, outcomes[0].unchanged, outcomes[0].value.nulls) == (5, 15, 5)


def kafka_outputs(workload, tmp_path) -> list:
    """What Kafka's chain made of each message (the jvm harness's --check)."""
    command, _java, _kafka = forks._job(workload, forks.JVM_MODES["quick"], tmp_path)
    forks._run(command + ["--check", str(tmp_path / "out.json")], 300, "the check")
    return json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["outputs"]


@pytest.mark.parametrize("fmt, key_format", [("json", None), ("json-schemas", None), ("confluent-avro", None),
                                             ("json", "confluent-avro"), ("confluent-avro", "json-schemas")])
def test_replace_field_on_keys_changes_them_on_every_backend(tmp_path, fmt, key_format):
    """The key converter is the value's kind, or its own (a connector's key.converter: messages.key_format)."""
    backends = [backend_or_skip(b) for b in ("python", "cython", "jvm")]
    own = f", key_format: {key_format}" if key_format else ""
    loaded = chain(tmp_path, f"{{schema: order.avsc, key_schema: key.avsc, count: 30, format: {fmt}{own}}}",
                   "[{alias: rk, type: ReplaceField$Key, renames: 'order_id:id', exclude: region}]")
    workload = prepare(loaded, backends, records=30)
    from bench.measure.cells import Cells

    cells = Cells(workload)
    for cell in cells.cells:  # every pass runs: decode, encode and end-to-end convert the keys too
        cell.run()
    for backend, built in cells.chains.items():
        outputs = [built.apply(record) for record in cells.stage_inputs[0]]
        assert [out.key for out in outputs] == [{"id": r.key["order_id"]} for r in cells.stage_inputs[0]], backend
    assert not workload.warnings  # Kafka's chain made the same keys (compare_outputs compares them)
    made = kafka_outputs(workload, tmp_path)
    assert [out["key"] for out in made] == [{"id": r.key["order_id"]} for r in cells.stage_inputs[0]]


def test_kafka_sees_the_same_keys_and_headers(tmp_path):
    backend_or_skip("jvm")
    kcat_j(tmp_path / "j.jsonl", 15)
    # tombstones (3, 8, 13) and records with a 'trace' header (0, 3, 6, 9, 12) dropped, the keys hoisted
    loaded = chain(tmp_path, "{sample: j.jsonl}", "[{alias: drop, type: Filter, predicate: tomb}, {alias: traced, "
                   "type: Filter, predicate: trace}, {alias: hk, type: HoistField$Key, field: k}]",
                   TOMBSTONES + "  - {alias: trace, type: HasHeaderKey, name: trace}\n")
    workload = prepare(loaded, ["python", "jvm"], records=15)
    assert not workload.warnings and workload.record_counts == [15, 12, 8, 8]
    made = kafka_outputs(workload, tmp_path)
    assert [i for i, out in enumerate(made) if out is not None] == [1, 2, 4, 5, 7, 10, 11, 14]
    assert made[1] == {"topic": "orders", "key": {"k": {"id": 1}}, "value": {"id": 1, "email": "u1@x.io"}}
    assert made[7]["key"] == {"k": None}
    assert forks.compare_outputs(workload, made) == []
    measured = forks.measure(workload, forks.JvmMode(forks=1, rounds=1, warmup_s=0.2, max_warmup_s=0.5), tmp_path)
    assert {"s/jvm/decode", "s/jvm/encode", "s/jvm/pass-through", "s/jvm/end-to-end"} <= set(measured["cells"])


def test_a_keyed_sample_end_to_end_from_the_command_line(tmp_path):
    (tmp_path / "k.txt").write_text("".join(f"user-{i}\t{{\"n\": {i}}}\n" for i in range(40)), encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"name": "k", "config": {
        "topics": "users", "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false", "transforms": "hoist",
        "transforms.hoist.type": "org.apache.kafka.connect.transforms.HoistField$Key",
        "transforms.hoist.field": "user"}}), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench", str(tmp_path / "c.json"), "--sample",
                           str(tmp_path / "k.txt"), "--quick", "--json", "--backends", "python", "--out",
                           str(tmp_path / "run")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["messages"]["source"] == "sample k.txt (kcat -K'\\t' lines) with keys, format json"
    assert {s["stage"] for s in summary["stages"]} >= {"decode", "transform:hoist", "encode", "end-to-end"}


@pytest.mark.parametrize("fmt, expected", [("string", ["orders-eu 1", None, "{\"a\": 1}"]),
                                           ("bytes", [b"orders-eu 1", None, b"{\"a\": 1}"])])
def test_string_and_bytes_values_are_the_lines_themselves(tmp_path, fmt, expected):
    (tmp_path / "lines.txt").write_text('orders-eu 1\n\n{"a": 1}\n', encoding="utf-8")
    source = samples.read(tmp_path / "lines.txt", None, raw=fmt)
    assert source.values == expected and source.kind == f"lines of {'text' if fmt == 'string' else 'bytes'}"


@pytest.mark.parametrize("fmt", ["string", "bytes"])
def test_string_and_bytes_converters_on_every_backend(tmp_path, fmt):
    """StringConverter / ByteArrayConverter values: the twins and Kafka's chain make the same records."""
    backends = [backend_or_skip(b) for b in ("python", "cython", "jvm")]
    (tmp_path / "lines.txt").write_text("orders-eu 1\n\nsecond\n", encoding="utf-8")
    loaded = chain(tmp_path, f"{{sample: lines.txt, topic: orders-eu, format: {fmt}}}",
                   "[{alias: drop, type: Filter, predicate: dead}, "
                   "{alias: route, type: RegexRouter, regex: 'orders-(.*)', replacement: 'clean-$1'}]",
                   "predicates: [{alias: dead, type: RecordIsTombstone}]\n")
    workload = prepare(loaded, backends, records=3)
    assert workload.record_counts == [3, 2, 2] and not [w for w in workload.warnings if "disagree" in w]
    made = kafka_outputs(workload, tmp_path)
    assert [None if out is None else out["topic"] for out in made] == ["clean-eu", None, "clean-eu"]


@pytest.mark.parametrize("header_format, expected", [("simple", (("n", 42), ("t", True), ("s", "t0"))),
                                                     ("string", (("n", "42"), ("t", "true"), ("s", "t0")))])
def test_headers_reach_the_chain_as_the_header_converter_makes_them(tmp_path, header_format, expected):
    """SimpleHeaderConverter (Connect's default) types a header's text; StringConverter keeps it."""
    path = tmp_path / "h.json"
    path.write_text(envelope(0, json.dumps({"id": 1}), headers=["n", "42", "t", "true", "s", "t0"]) + "\n")
    loaded = chain(tmp_path, f"{{sample: h.json, header_format: {header_format}}}")
    workload = prepare(loaded, ["python"], records=1)
    from transforms.java_types import Int8

    (record,) = decode_all(workload, decoder(workload.converter()))
    assert record.headers == expected
    assert (type(record.headers[0][1]) is Int8) == (header_format == "simple")
