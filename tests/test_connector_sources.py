"""A connector's config as the chain source: REST JSON, flat JSON, .properties and a live worker's URL all give the
chain chain.yaml gives; errors name the Connect key and the line; secrets never show."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench import chains
from bench.cli import main
from bench.errors import BenchError
from bench.input import chainfile, connector

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONFIG = {
    "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector", "topics": "orders-eu,orders-us",
    "connection.password": "pa55-w0rd!", "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false", "errors.tolerance": "all",
    "transforms": "rename,route", "predicates": "eu",
    "transforms.rename.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
    "transforms.rename.renames": "order_id:orderId,customer_id:customerId",
    "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
    "transforms.route.regex": "orders-(.*)", "transforms.route.replacement": "clean-$1",
    "transforms.route.predicate": "eu",
    "predicates.eu.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.eu.pattern": ".*-eu",
}
YAML = """name: orders-sink
errors.tolerance: all
messages: {schema: order.avsc, count: 100, topic: orders-eu}
predicates:
  - {alias: eu, type: TopicNameMatches, pattern: ".*-eu"}
transforms:
  - {alias: rename, type: ReplaceField$Value, renames: "order_id:orderId,customer_id:customerId"}
  - {alias: route, type: RegexRouter, regex: "orders-(.*)", replacement: "clean-$1", predicate: eu}
"""
PROPERTIES = r"""# the same connector, as connect-standalone reads it
name=orders-sink
connector.class = io.confluent.connect.jdbc.JdbcSinkConnector
topics: orders-eu,orders-us
connection.password=pa55-w0rd!
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
errors.tolerance=all
transforms=rename,\
           route
predicates=eu
transforms.rename.type=org.apache.kafka.connect.transforms.ReplaceField$Value
transforms.rename.renames=order_id:orderId,\
    customer_id:customerId
transforms.route.type org.apache.kafka.connect.transforms.RegexRouter
transforms.route.regex=orders-(.*)
transforms.route.replacement=clean-$1
transforms.route.predicate=eu
! Java escapes: \u002e is a dot
predicates.eu.type=org.apache.kafka.connect.transforms.predicates\u002eTopicNameMatches
predicates.eu.pattern=.*-eu
"""


def _chain(source, tmp_path, **flags):
    if connector.is_connector(str(source)):
        found = connector.read(str(source), flags.pop("headers", []))
        chain = connector.chain_file(found, chainfile.Messages(format=connector.value_format(found)))
    else:
        chain = chainfile.load(source)
    chainfile.override_messages(chain, {"schema": str(tmp_path / "order.avsc"), "count": 100, **flags})
    return chain


def _parsed(chain):
    spec, _ = chains.parse(chain)
    return ([(s.alias, s.class_name, dict(s.settings), s.predicate and s.predicate.alias) for s in spec.stages],
            [(p.alias, p.class_name, dict(p.settings)) for p in spec.predicates], spec.errors_tolerance)


@pytest.fixture
def sources(tmp_path):
    (tmp_path / "order.avsc").write_bytes((EXAMPLES / "order.avsc").read_bytes())
    (tmp_path / "chain.yaml").write_text(YAML)
    (tmp_path / "rest.json").write_text(json.dumps({"name": "orders-sink", "config": CONFIG}, indent=2))
    (tmp_path / "flat.json").write_text(json.dumps({"name": "orders-sink", **CONFIG}, indent=2))
    (tmp_path / "connector.properties").write_text(PROPERTIES)
    return tmp_path


@pytest.fixture
def worker():
    """A Connect worker's REST API on 127.0.0.1, answering GET /connectors/orders-sink/config as Connect does."""
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.command, self.path, self.headers.get("Authorization")))
            found = self.path == "/connectors/orders-sink/config"
            body = json.dumps({"name": "orders-sink", **CONFIG} if found else
                              {"error_code": 404, "message": "Connector nope not found"}).encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def test_every_form_gives_the_chain_the_chain_file_gives(sources, worker):
    url, seen = worker
    expected = _parsed(_chain(sources / "chain.yaml", sources))
    for source in ("rest.json", "flat.json", "connector.properties"):
        chain = _chain(sources / source, sources)
        assert _parsed(chain) == expected, source
        assert (chain.name, chain.messages.topic, chain.messages.format) == ("orders-sink", "orders-eu", "json")
    live = _chain(f"{url}/connectors/orders-sink", sources, headers=["Authorization: Bearer t0ken-xyz"])
    assert _parsed(live) == expected and live.name == "orders-sink"
    assert seen == [("GET", "/connectors/orders-sink/config", "Bearer t0ken-xyz")]  # one read, nothing written


def test_every_form_measures_the_same_workload(sources):
    """The same chain and the same encoded messages: what is timed is the same, so the figures differ by noise."""
    from bench.measure.prepare import prepare

    found = []
    for source in ("chain.yaml", "rest.json", "flat.json", "connector.properties"):
        workload = prepare(_chain(sources / source, sources, topic="orders-eu"), ["python"], records=50)
        found.append((workload.messages_digest, workload.topic, workload.format,
                      [alias for alias, _type in workload.stages], workload.errors_tolerance, workload.record_counts))
    assert all(item == found[0] for item in found), found  # the chain itself: test_every_form_gives_the_chain...


@pytest.mark.parametrize("source", ["connector.properties", "worker"])
def test_a_connector_config_runs_end_to_end_and_leaves_no_secret(sources, worker, source):
    out = sources / "run"
    chain = [f"{worker[0]}/connectors/orders-sink", "--header", "Authorization: Bearer t0ken-xyz"] \
        if source == "worker" else [str(sources / source)]
    done = subprocess.run([sys.executable, "-m", "bench", *chain, "--schema", str(sources / "order.avsc"), "--count",
                           "200", "--quick", "--backends", "python", "--out", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert [t["alias"] for t in summary["transforms"]] == ["rename", "route"]
    for text in [done.stdout, done.stderr] + [p.read_text(errors="replace") for p in out.iterdir()]:
        assert "pa55-w0rd!" not in text and "t0ken-xyz" not in text


@pytest.mark.parametrize("old, new, line, message", [
    ("RegexRouter\n", "RegexRoutr\n", 15, r"transform 'route' \(org.apache.kafka.connect.transforms.RegexRoutr\): "
                                        r"unknown transform type"),
    ("regex=orders-(.*)", "regex=orders-((.*)", 16, r"transform 'route' .*'regex' is not a valid regex"),
    ("transforms=rename,\\", "transforms=rename,nope,\\", 9, r"transforms.nope.type is missing"),
])
def test_errors_name_the_key_and_the_line(sources, capfd, old, new, line, message):
    path = sources / "connector.properties"
    assert old in PROPERTIES
    path.write_text(PROPERTIES.replace(old, new))
    assert main([str(path), "--schema", str(sources / "order.avsc"), "--quick", "--out", str(sources / "x")]) == 2
    err = capfd.readouterr().err.strip()
    assert err.startswith(f"error: {path}:{line}: ") and len(err.splitlines()) == 1, err
    assert re.search(message, err), err
    assert not (sources / "x").exists()


def test_no_records_no_worker_and_bad_json_are_one_line(sources, worker, capfd):
    url, _ = worker
    cases = [([str(sources / "rest.json")], "a connector config holds no records: give --sample FILE"),
             ([f"{url}/connectors/nope", "--header", "Authorization: Basic c2VjcmV0"], "HTTP 404: no such connector"),
             (["http://127.0.0.1:9/connectors/x", "--header", "Authorization: Basic c2VjcmV0"],
              "cannot reach the Connect worker")]
    (sources / "bad.json").write_text('{"name": "x",\n "config": {"transforms": "a",}\n}')
    cases.append(([str(sources / "bad.json")], f"{sources / 'bad.json'}:2: not valid JSON"))
    for argv, expected in cases:
        assert main(argv + ["--quick"]) == 2
        err = capfd.readouterr().err
        assert expected in err and "c2VjcmV0" not in err, err


def test_the_format_follows_value_converter(sources):
    def format_of(**changes):
        config = {key: value for key, value in dict(CONFIG, **changes).items() if value is not None}
        (sources / "c.json").write_text(json.dumps({"name": "x", "config": config}, indent=1))
        return connector.value_format(connector.read(str(sources / "c.json")))

    assert format_of() == "json"
    assert format_of(**{"value.converter.schemas.enable": None}) == "json-schemas"  # JsonConverter's default
    assert format_of(**{"value.converter": "io.confluent.connect.avro.AvroConverter"}) == "confluent-avro"
    assert format_of(**{"value.converter": "org.apache.kafka.connect.storage.StringConverter"}) == "string"
    assert format_of(**{"value.converter": "org.apache.kafka.connect.converters.ByteArrayConverter"}) == "bytes"
    with pytest.raises(BenchError, match=r"c.json:\d+: value.converter com.acme.Converter is not one smtbench "
                                         r"measures yet"):
        format_of(**{"value.converter": "com.acme.Converter"})


def test_the_key_converter_is_its_own_when_the_config_names_one(sources):
    def key_format_of(**changes):
        (sources / "k.json").write_text(json.dumps({"name": "x", "config": dict(CONFIG, **changes)}, indent=1))
        return connector.key_format(connector.read(str(sources / "k.json")))

    assert key_format_of() is None  # unset: the same kind as the value's
    assert key_format_of(**{"key.converter": "org.apache.kafka.connect.storage.StringConverter"}) == "string"
    assert key_format_of(**{"key.converter": "org.apache.kafka.connect.json.JsonConverter"}) == "json-schemas"
    assert key_format_of(**{"key.converter": "io.confluent.connect.avro.AvroConverter"}) == "confluent-avro"
    with pytest.raises(BenchError, match=r"k.json:\d+: key.converter com.acme.Mine is not one smtbench measures"):
        key_format_of(**{"key.converter": "com.acme.Mine"})
    found = connector.read(str(sources / "k.json"))
    assert connector.header_format(found) == "simple"  # unset: Connect's default, SimpleHeaderConverter
    found.config["header.converter"] = "org.apache.kafka.connect.storage.StringConverter"
    assert connector.header_format(found) == "string"
