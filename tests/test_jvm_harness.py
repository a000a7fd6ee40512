"""Timing Kafka's own classes in forked JVMs (bench/measure/jvm/): the job, the wire file, the forks, and the
check that Kafka's chain made the records the python twins made. Runs in CI (a JDK and the kafka extra); skips on
a developer's machine without them, saying why."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from bench import chains
from bench.errors import BenchError
from bench.input import chainfile
from bench.measure.jvm import forks
from bench.measure.prepare import prepare
from bench.measure.workload import Message
from conftest import backend_or_skip
from transforms import parse_chain

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "orders.yaml"
FAST = forks.JvmMode(forks=1, rounds=2, warmup_s=0.5, max_warmup_s=2.0)


def test_the_job_takes_kafkas_classes_as_connect_strings_and_our_own_as_java_twins():
    spec = parse_chain([
        {"alias": "r", "type": "ReplaceField$Value", "renames": {"a": "b"}, "exclude": ["x", "y"]},
        {"alias": "m", "type": "RegexReplace$Key", "field": "e", "pattern": " ^[^@]+", "replacement": "$0-"},
        {"alias": "c", "type": "Lookup$Value", "field": "n", "table": {"1": "one"}, "default": "?"},
    ])
    rename, mask, lookup = (forks.job_stage(stage) for stage in spec.stages)
    unconditional = {"location": None, "predicate": None, "negate": False}
    assert rename == {"alias": "r", "class": "org.apache.kafka.connect.transforms.ReplaceField$Value",
                      **unconditional, "settings": {"renames": "a:b", "exclude": "x,y"}}
    assert mask == {"alias": "m", "class": "SmtTwins$RegexReplaceKey", **unconditional,
                    "settings": {"field": "e", "pattern": "^[^@]+", "replacement": "$0-"}}
    assert lookup["class"] == "SmtTwins$LookupValue" and lookup["settings"] == {
        "field": "n", "target": "n", "table": {"1": "one"}, "default": "?"}


def test_a_python_class_cannot_run_on_the_jvm(tmp_path):
    (tmp_path / "mine.py").write_text("class T:\n    def apply(self, record):\n        return record\n")
    spec = parse_chain([{"alias": "p", "type": "mine:T"}], base_dir=tmp_path)
    with pytest.raises(BenchError, match="'p' \\(mine:T\\) is a Python class: the jvm backend runs Java classes"):
        forks.job_stage(spec.stages[0])


def test_the_wire_file_is_what_javas_data_input_stream_reads(tmp_path):
    forks.write_messages(tmp_path / "m.bin", [
        Message(b'{"a":1}', b'"k"', 3, 9, 1_700_000_000_000, (("h", b"v"), ("n", None))),
        Message(None, None, 0, 10, None)])  # a tombstone without a key, headers or a timestamp
    data = (tmp_path / "m.bin").read_bytes()
    assert struct.unpack(">ii", data[:8]) == (2, 7) and data[8:15] == b'{"a":1}'
    assert struct.unpack(">i", data[15:19]) == (3,) and data[19:22] == b'"k"'
    assert struct.unpack(">iqbqi", data[22:47]) == (3, 9, 1, 1_700_000_000_000, 2)  # then 2 headers
    assert struct.unpack(">i", data[47:51]) == (1,) and data[51:52] == b"h"
    assert struct.unpack(">i", data[52:56]) == (1,) and data[56:57] == b"v"
    assert struct.unpack(">i", data[57:61]) == (1,) and data[61:62] == b"n"
    assert struct.unpack(">i", data[62:66]) == (-1,)
    assert struct.unpack(">iiiqbqi", data[66:]) == (-1, -1, 0, 10, 0, 0, 0)


def test_format_none_has_no_wire_bytes_for_kafkas_converters():
    with pytest.raises(BenchError, match="format none has none: use json, avro or confluent-avro"):
        forks.prepare("none", parse_chain([]), {})


@pytest.mark.parametrize("fmt", ["confluent-avro", "avro"])
def test_avro_runs_through_confluents_avro_converter_and_a_mock_registry(tmp_path, fmt):
    backend_or_skip("jvm")
    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    chain = tmp_path / "c.yaml"
    chain.write_text(f"name: a\nmessages: {{schema: order.avsc, count: 200, topic: orders-eu, format: {fmt}, "
                     "schema_id: 7}\ntransforms:\n"  # any id: the harness registers the schema and renumbers
                     "  - {alias: rename, type: ReplaceField$Value, renames: 'order_id:orderId'}\n"
                     "  - {alias: route, type: RegexRouter, regex: 'orders-(.*)', replacement: 'clean-$1'}\n",
                     encoding="utf-8")
    workload = prepare(chainfile.load(chain), ["python", "jvm"], records=200)
    # Kafka's chain ran on Structs (AvroConverter gives schemas) and made what the schemaless twins made
    assert not [w for w in workload.warnings if "disagree" in w]
    measured = forks.measure(workload, FAST, tmp_path)
    assert {"a/jvm/decode", "a/jvm/encode", "a/jvm/chain"} <= set(measured["cells"])


def test_forks_time_every_stage_on_the_same_records_and_check_them(tmp_path):
    backend_or_skip("jvm")
    workload = prepare(chainfile.load(EXAMPLE), ["python", "jvm"], records=300)
    assert [stage["alias"] for stage in workload.jvm_chain["stages"]] == ["rename", "mask", "country", "route"]
    measured = forks.measure(workload, FAST, tmp_path)
    stages = {cell["stage"] for cell in measured["cells"].values()}
    assert stages == {"decode", "transform:rename", "transform:mask", "transform:country", "transform:route",
                      "chain", "encode", "pass-through", "end-to-end"}
    assert all(cell["backend"] == "jvm" and cell["records"] == 300 for cell in measured["cells"].values())
    (fork,) = measured["processes"]
    assert len(fork["values"]) == 2 and fork["metadata"]["jvm_warmup_s"] >= 0.5
    # the fork's thread CPU time over the same passes, per cell and round: not over their wall time, but for the
    # clock reads around a pass (a few µs; its CPU clock is read outside the wall clock, to keep wall time tight)
    assert [set(r) for r in fork["cpu"]] == [set(r) for r in fork["values"]]
    # (a loaded machine once read over that by more than 50 µs a pass: allow 5% and 1 ms)
    assert all(0 < r[name] * 300 <= wall[name] * 300 * 1.05 + 1e-3 for r, wall in zip(fork["cpu"], fork["values"])
               for name in r)
    assert measured["environment"]["kafka"] == "4.3.0"
    assert all(b > 0 for b in measured["environment"]["bytes_per_record"].values())
    # checked before the forks: Kafka's chain (with our Java twins) made the python twins' records
    assert not [w for w in workload.warnings if "disagree" in w]


def test_kafkas_refusal_is_one_line_before_anything_is_measured(tmp_path):
    backend_or_skip("jvm")
    chain = tmp_path / "c.yaml"
    chain.write_text((EXAMPLE.parent / "orders.yaml").read_text().replace(
        '{alias: route, type: RegexRouter, regex: "orders-(.*)", replacement: "clean-$1"}',
        "{alias: unwrap, type: io.debezium.transforms.ExtractNewRecordState, delete.tombstone.handling.mode: bogus}"))
    for name in ("order.avsc", "countries.csv"):
        (tmp_path / name).write_bytes((EXAMPLE.parent / name).read_bytes())
    # a class only Kafka's JVM runs, so smtbench does not parse its settings: Debezium's own check refuses them
    with pytest.raises(BenchError, match=r"c.yaml:13: Kafka's chain \(the jvm backend's check\) failed: "
                                         r"transform 'unwrap' \(io.debezium.transforms.ExtractNewRecordState\): "
                                         r"ConnectException: Unable to validate config"):
        prepare(chainfile.load(chain), ["jvm"], records=50)


def test_json_with_schemas_kafka_on_structs_and_the_twins_on_the_payload_agree(tmp_path):
    """JsonConverter with schemas.enable=true: Kafka's transforms get Structs (their schema path), the twins the
    payload; on Kafka's own SMTs they make the same records."""
    backend_or_skip("jvm")
    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    chain = tmp_path / "c.yaml"
    chain.write_text("name: s\nmessages: {schema: order.avsc, count: 200, topic: orders-eu, format: json-schemas}\n"
                     "transforms:\n"
                     "  - {alias: rename, type: ReplaceField$Value, renames: 'order_id:orderId'}\n"
                     "  - {alias: mask, type: MaskField$Value, fields: email}\n"
                     "  - {alias: route, type: RegexRouter, regex: 'orders-(.*)', replacement: 'clean-$1'}\n")
    workload = prepare(chainfile.load(chain), ["python", "jvm"], records=200)
    assert workload.format == "json-schemas" and workload.output_schema["name"] == "sOut"
    assert not [w for w in workload.warnings if "disagree" in w], workload.warnings


def test_a_disagreement_with_kafka_is_said(tmp_path):
    workload = prepare(chainfile.load(EXAMPLE), ["python"], records=3)
    found = forks.compare_outputs(workload, [None, None, None])  # as if Kafka had dropped every record
    assert found[0].startswith("warning: Kafka's chain (jvm) and the python twins disagree on 3 of 3 records; "
                               "the first, message 1: python {'topic': 'clean-eu'")


def test_the_bench_times_kafka_in_forks_not_through_the_bridge():
    assert chains.in_process(["python", "cython", "jvm"]) == ["python", "cython"]


def test_a_chain_of_classes_only_kafka_runs_is_measured_on_the_jvm_alone(tmp_path):
    backend_or_skip("jvm")
    import json
    import subprocess
    import sys

    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    chain = tmp_path / "c.yaml"
    chain.write_text("name: k\nmessages: {schema: order.avsc, count: 300, topic: orders-eu}\n"
                     "predicates:\n  - {alias: eu, type: TopicNameMatches, pattern: '.*-eu'}\n"
                     "  - {alias: tombstone, type: RecordIsTombstone}\n"
                     "transforms:\n"
                     "  - {alias: unwrap, type: io.debezium.transforms.ExtractNewRecordState}\n"
                     "  - {alias: key, type: org.apache.kafka.connect.transforms.ValueToKey, fields: order_id}\n"
                     "  - {alias: tombstones, type: Filter, predicate: tombstone}\n"  # none here: all pass
                     "  - {alias: drop, type: Filter, predicate: eu, negate: false}\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bench", str(chain), "--quick", "--json", "--out",
                           str(tmp_path / "run")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["backends"] == ["jvm"]  # no twin runs Debezium's SMT: every backend that can run it
    assert [(t["alias"], t["records_in"], t["records_out"]) for t in summary["transforms"]] == [
        ("unwrap", 300, 300), ("key", 300, 300), ("tombstones", 300, 300), ("drop", 300, 0)]  # counted by Kafka
    assert {s["stage"] for s in summary["stages"] if s["backend"] == "jvm"} >= {"transform:unwrap", "chain",
                                                                                "end-to-end"}
    assert "(jvm)" in summary["decision"]["verdict"][0]


def _busy_wait_jar(tmp_path) -> Path:
    """benchmarks/probes/BusyWait.java compiled into a jar in a plugin.path-like folder."""
    import subprocess

    from transforms.jvm.classpath import find_java, find_kafka

    java = find_java()
    classes, plugins = tmp_path / "classes", tmp_path / "plugins"
    classes.mkdir()
    plugins.mkdir()
    subprocess.run([java.javac, "-nowarn", "-cp", find_kafka().classpath, "-d", str(classes),
                    str(EXAMPLE.parent.parent / "benchmarks" / "probes" / "BusyWait.java")], check=True)
    subprocess.run([str(Path(java.javac).with_name("jar")), "cf", str(plugins / "busy.jar"), "-C", str(classes), "."],
                   check=True)
    return plugins


def test_a_teams_own_java_smt_from_the_chain_files_plugin_path(tmp_path):
    backend_or_skip("jvm")
    _busy_wait_jar(tmp_path)
    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    chain = tmp_path / "c.yaml"
    chain.write_text("name: own\nmessages: {schema: order.avsc, count: 200}\njvm: {plugin_path: [plugins]}\n"
                     "transforms:\n  - {alias: busy, type: probes.BusyWait, us: 20}\n", encoding="utf-8")
    loaded = chainfile.load(chain)
    assert loaded.jvm == {"plugin_path": [str(tmp_path / "plugins")]}  # relative to the chain file
    workload = prepare(loaded, None, records=200)
    assert workload.backends == [] and workload.kafka_backends == ["jvm"]  # only Kafka's JVM runs a Java class
    measured = forks.measure(workload, FAST, tmp_path)
    busy = [r["own/jvm/transform:busy"] for r in measured["processes"][0]["values"]]
    # the mechanism (never faster than its spin); the accuracy is benchmarks/jvm_harness_accuracy.py's to measure
    assert 19_000 <= min(busy) * 1e9 and max(busy) * 1e9 < 200_000


def test_a_class_not_on_the_classpath_names_the_closest_before_measuring(tmp_path):
    backend_or_skip("jvm")
    spec = parse_chain([{"alias": "c", "type": "io.debezium.transforms.ExtractNewRecordStat"}])  # the kafka extra's
    with pytest.raises(BenchError, match=r"transform 'c': class io.debezium.transforms.ExtractNewRecordStat is "
                                         r"not on the classpath; did you mean "
                                         r"io.debezium.transforms.ExtractNewRecordState"):
        forks.prepare("json", spec, {})
    spec = parse_chain([{"alias": "x", "type": "com.acme.Nope"}])
    with pytest.raises(BenchError, match="has no class in package com.acme: add the SMT's jar with --plugin-path"):
        forks.prepare("json", spec, {})


def test_a_chain_no_backend_can_run_whole_is_one_line(tmp_path):
    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    (tmp_path / "mine.py").write_text("class T:\n    def apply(self, record):\n        return record\n")
    chain = tmp_path / "c.yaml"
    chain.write_text("name: mix\nmessages: {schema: order.avsc, count: 20}\ntransforms:\n"
                     "  - {alias: p, type: 'mine:T'}\n"
                     "  - {alias: c, type: io.debezium.transforms.ExtractNewRecordState}\n",
                     encoding="utf-8")
    with pytest.raises(BenchError, match=r"c.yaml:3: no backend this install has can run every transform"):
        prepare(chainfile.load(chain), None, records=20)


@pytest.mark.parametrize("messages, stage, record", [
    ("{sample: slow.jsonl}", "{alias: slow, type: RegexReplace$Value, field: f, pattern: '(.*a){15}x', replacement: x}",
     "slow.jsonl:3"),
    ("{schema: order.avsc, count: 20, topic: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'}",
     "{alias: slow, type: RegexRouter, regex: '(.*a){15}x', replacement: x}", "generated message 1"),
])
def test_a_regex_that_backtracks_in_java_stops_the_jvm_check_naming_stage_and_record(tmp_path, messages, stage,
                                                                                      record):
    """A class only Kafka runs (Debezium's) leaves the Python check no twins to run: the harness's watchdog stops
    the stage on the record (Java 17's regex backtracks on ``(.*a){15}x``, not on ``(a+)+$``)."""
    backend_or_skip("jvm")
    from test_checks import bench, refused

    (tmp_path / "slow.jsonl").write_text("".join(f'{{"f": "{"a" * n}!"}}\n' for n in (3, 3, 30, 3)))
    (tmp_path / "order.avsc").write_bytes((EXAMPLE.parent / "order.avsc").read_bytes())
    chain = tmp_path / "c.yaml"
    chain.write_text(f"name: slow\nmessages: {messages}\ntransforms:\n"
                     "  - {alias: unwrap, type: io.debezium.transforms.ExtractNewRecordState}\n"
                     f"  - {stage}\n", encoding="utf-8")
    # not the 300 s a check was once allowed (nor the minute its JVM has to start): the watchdog stops it
    done = bench(chain, "--backends", "jvm", "--quick", "--record-time-limit", "0.5", "--out", tmp_path / "run",
                 cwd=tmp_path, limit=60)
    line = refused(done, "c.yaml:5: Kafka's chain (the jvm backend's check): transform 'slow' (",
                   "took over 0.5 s on one record (in ", f"{record}) and was stopped", "--record-time-limit")
    assert not (tmp_path / "run").exists(), line


def test_the_jvm_check_runs_a_chain_that_keeps_within_the_limit(tmp_path):
    backend_or_skip("jvm")
    (tmp_path / "fine.jsonl").write_text("".join(f'{{"f": "{"a" * n}!"}}\n' for n in (3, 3, 30, 3)))
    chain = tmp_path / "c.yaml"
    chain.write_text("name: fine\nmessages: {sample: fine.jsonl}\ntransforms:\n"
                     "  - {alias: unwrap, type: io.debezium.transforms.ExtractNewRecordState}\n"
                     "  - {alias: mask, type: RegexReplace$Value, field: f, pattern: 'a+', replacement: x}\n",
                     encoding="utf-8")
    workload = prepare(chainfile.load(chain), ["jvm"], records=4)
    assert workload.record_counts == [4, 4, 4] and workload.outcomes[1]["changed"] == 4


def test_a_jvm_check_that_does_not_end_is_stopped_saying_what_it_was_allowed(monkeypatch):
    workload = prepare(chainfile.load(EXAMPLE), ["python"], records=3)
    workload.jvm_chain = {"stages": [{"alias": "a", "location": None}] * 4, "predicates": []}
    monkeypatch.setattr(forks, "_job", lambda *args, **more: (["java"], None, None))
    import subprocess

    def stuck(command, timeout, **_):
        raise subprocess.TimeoutExpired(command, timeout, stderr=b"")

    monkeypatch.setattr(forks.subprocess, "run", stuck)
    with pytest.raises(BenchError, match=r"^Kafka's chain \(the jvm backend's check\) did not finish in 84 s \(60 s "
                                         r"to start and 1 s for each of its 24 runs of a stage on a record, at most "
                                         r"300 s\), and its JVM was stopped"):
        forks.check(workload, None, 1.0)
