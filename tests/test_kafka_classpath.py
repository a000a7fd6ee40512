"""Finding Kafka Connect's jars and a JDK (transforms/jvm/classpath.py), and ``python -m bench doctor``."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from bench.cli import main
from transforms.jvm import classpath
from transforms.jvm.classpath import TRANSFORMS_MARKER, NotFound, find_java, find_kafka
from transforms.registry import KAFKA_BUILTINS


def fake_jar(path, *entries, version=None):
    """A jar holding the given class files (empty), and kafka-clients' version file when ``version`` is given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as jar:
        for entry in entries:
            jar.writestr(entry, b"")
        if version:
            jar.writestr("kafka/kafka-version.properties", f"commitId=abc\nversion={version}\n")
    return path


def fake_kafka(folder, version="9.9.9"):
    fake_jar(folder / "connect-transforms.jar", TRANSFORMS_MARKER)
    fake_jar(folder / "kafka-clients.jar", version=version)
    return folder


@pytest.fixture
def nowhere(monkeypatch):
    """No Kafka from the environment or the kafka extra, whatever this machine has."""
    monkeypatch.delenv(classpath.ENV_CLASSPATH, raising=False)
    monkeypatch.delenv("KAFKA_HOME", raising=False)
    monkeypatch.setattr(classpath, "_extra_libs", lambda: None)


def test_an_explicit_classpath_comes_first(tmp_path, nowhere, monkeypatch):
    monkeypatch.setenv(classpath.ENV_CLASSPATH, str(fake_kafka(tmp_path / "env", "1.0.0")))
    found = find_kafka([str(fake_kafka(tmp_path / "mine", "2.0.0"))])
    assert (found.source, found.version) == ("--classpath", "2.0.0")
    assert {jar.name for jar in found.jars} == {"connect-transforms.jar", "kafka-clients.jar"}


@pytest.mark.parametrize("env, source", [
    ({"SMTBENCH_CLASSPATH": "env", "KAFKA_HOME": "home"}, "SMTBENCH_CLASSPATH"),
    ({"KAFKA_HOME": "home"}, "$KAFKA_HOME"),
    ({}, "the kafka extra"),
])
def test_then_the_environment_then_kafka_home_then_the_extra(tmp_path, nowhere, monkeypatch, env, source):
    fake_kafka(tmp_path / "env")
    fake_kafka(tmp_path / "home" / "libs")
    fake_kafka(tmp_path / "extra")
    monkeypatch.setattr(classpath, "_extra_libs", lambda: tmp_path / "extra")
    for name, folder in env.items():
        monkeypatch.setenv(name, str(tmp_path / folder))
    # a classpath without Kafka on it does not stop the search
    assert find_kafka([str(fake_jar(tmp_path / "mine.jar", "com/acme/Smt.class"))]).source.startswith(source)


def test_plugin_path_jars_join_whichever_kafka_was_found(tmp_path, nowhere):
    plugins = tmp_path / "plugins"
    fake_jar(plugins / "acme-smt.jar", "com/acme/Smt.class")
    fake_jar(plugins / "debezium" / "debezium-core.jar", "io/debezium/transforms/ExtractNewRecordState.class")
    found = find_kafka([str(fake_kafka(tmp_path / "kafka"))], [str(plugins)])
    assert found.holder("io/debezium/transforms/ExtractNewRecordState.class").name == "debezium-core.jar"
    assert found.classes("com/acme") == ["com.acme.Smt"]
    assert found.classpath.count(os.pathsep) == 3  # four jars


def test_nothing_found_says_where_it_looked_and_what_to_do(tmp_path, nowhere, monkeypatch):
    monkeypatch.setenv("KAFKA_HOME", str(tmp_path))
    with pytest.raises(NotFound) as caught:
        find_kafka([str(tmp_path)])
    message = str(caught.value)
    assert "--classpath: no jars" in message and f"$KAFKA_HOME ({tmp_path / 'libs'}): no jars" in message
    assert "the kafka extra: no jars" in message and "pip install 'smtbench[kafka]'" in message


def test_the_inventory_names_the_jar_of_each_class(tmp_path, nowhere):
    folder = fake_kafka(tmp_path / "kafka")
    fake_jar(folder / "json.jar", classpath.CONVERTERS["JsonConverter"])
    inventory = find_kafka([str(folder)]).inventory(KAFKA_BUILTINS)
    assert inventory["transforms"]["ReplaceField"] == "connect-transforms.jar"
    assert inventory["transforms"]["Cast"] is None and inventory["predicates"]["HasHeaderKey"] is None
    assert inventory["converters"] == {"JsonConverter": "json.jar", "StringConverter": None,
                                       "ByteArrayConverter": None, "AvroConverter": None}


def test_the_doctor_reports_what_it_found(tmp_path, nowhere, capfd):
    assert main(["doctor", "--json", "--classpath", str(fake_kafka(tmp_path / "kafka", "3.3.3"))]) == 0
    found = json.loads(capfd.readouterr().out)
    assert found["kafka"]["version"] == "3.3.3" and found["kafka"]["source"] == "--classpath"
    assert found["backends"]["python"] == "available"
    assert main(["doctor"]) == 0
    text = capfd.readouterr().out
    assert "Kafka: Kafka Connect's jars were not found" in text and "pip install 'smtbench[kafka]'" in text


def _real_kafka_or_skip():
    """The jars the kafka extra installs. CI installs it (and a JDK): there a missing one fails, and only on a
    developer's machine without them does this skip, saying why."""
    try:
        return find_kafka(), find_java()
    except NotFound as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Kafka's jars and a JDK: {exc}")
        pytest.skip(f"needs Kafka's jars and a JDK (pip install -e '.[test,kafka]'): {exc}")


def test_the_kafka_extra_brings_kafka_connect_4_3():
    kafka, java = _real_kafka_or_skip()
    assert kafka.version == "4.3.0"
    inventory = kafka.inventory(KAFKA_BUILTINS)
    for kind in ("transforms", "predicates", "converters"):
        assert all(inventory[kind].values()), (kind, inventory[kind])
    assert int(java.version.split(".")[0]) >= 17 and java.javac
