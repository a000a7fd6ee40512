"""Timing Kafka's own classes: SmtHarness.java, compiled on first use, run in forked JVMs on the wire bytes the
Python side measures.

Each fork warms up until the JIT has settled (never less than the mode's warm-up; the example chain's forks
settle after 6.5-7.5 s on a 2-core machine), then times the mode's rounds. The compiled harness is cached under
``$XDG_CACHE_HOME/smtbench/jvm/`` by a digest of its source, the JDK and the classpath.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from transforms.configdef import java_trim
from transforms.jvm.bridge import connect_string
from transforms.jvm.classpath import Java, KafkaJars, NotFound, find_java, find_kafka

from ... import chains
from ...errors import BenchError
from ...input.chainfile import RECORD_TIME_LIMIT_S, TOO_SLOW_HINT
from ...input.formats import Json
from ..outcomes import Outcome
from ..workload import decode_all, decoder

HARNESS = Path(__file__).with_name("SmtHarness.java")
TWINS = Path(__file__).with_name("SmtTwins.java")  # Java twins of smtbench's own transforms
CENSUS = Path(__file__).with_name("SmtCensus.java")  # what each stage did, for the harness's --check
MESSAGES = Path(__file__).with_name("SmtMessages.java")  # the harness's messages, and the converters over them
WATCHDOG = Path(__file__).with_name("SmtWatchdog.java")  # --check: each stage on each record within a time limit
SOURCES = (HARNESS, TWINS, CENSUS, MESSAGES, WATCHDOG)
TOO_SLOW = 3  # the harness's exit code when its watchdog stopped a stage that held a record past the limit
# The check's JVM, besides its stages on the records: start-up, Kafka's classes loaded, the converters and stages
# configured, the messages decoded and the outputs written (a few seconds; ten times that on a loaded machine).
CHECK_START_S = 60.0
CHECK_MAX_S = 300.0  # at most this long, however many records and stages
# Connect's own JVM settings (bin/connect-distributed.sh: KAFKA_JVM_PERFORMANCE_OPTS), so the JIT and GC behave
# as in a worker.
JVM_OPTIONS = ("-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
               "-XX:+ExplicitGCInvokesConcurrent", "-Xmx1g", "-Dslf4j.internal.verbosity=ERROR")
_JAVA_TWINS = ("RegexReplace", "Lookup")  # smtbench's own transforms with a Java twin in the harness


@dataclass(frozen=True)
class JvmMode:
    forks: int
    rounds: int
    warmup_s: float  # at least this long, then until three rounds agree within settle_pct
    max_warmup_s: float
    settle_pct: float = 2.0


JVM_MODES = {
    "quick": JvmMode(forks=1, rounds=3, warmup_s=3.0, max_warmup_s=8.0),
    "default": JvmMode(forks=3, rounds=5, warmup_s=5.0, max_warmup_s=15.0),
    "rigorous": JvmMode(forks=6, rounds=5, warmup_s=6.0, max_warmup_s=20.0),
}


def job_stage(stage) -> dict:
    """A parsed stage as the harness configures it: Kafka's class and Connect strings, or a Java twin of ours."""
    family = stage.family
    condition = {"predicate": stage.predicate.alias if stage.predicate else None, "negate": stage.negate}
    if family.kafka:
        return {"alias": stage.alias, "class": stage.class_name, "location": stage.location, **condition,
                "settings": _connect_settings(stage.settings)}
    if family.name not in _JAVA_TWINS:
        raise BenchError(f"transform {stage.alias!r} ({stage.type_name}) is a Python class: the jvm backend runs "
                         "Java classes only; leave jvm out of --backends for this chain", location=stage.location)
    spec, side = stage.spec, "Key" if stage.spec.on_key else "Value"
    if family.name == "Lookup" and spec.store is not None:
        raise BenchError(f"transform {stage.alias!r} looks up a store ({spec.store.where}): smtbench's Java twin of "
                         "Lookup reads a table only; leave jvm out of --backends for this chain",
                         location=stage.location)
    if family.name == "RegexReplace":
        # as the Python twins read them: Connect's STRING settings, trimmed like Java's String.trim()
        settings = {key: java_trim(connect_string(stage.settings.get(key, ""))) for key in ("pattern", "replacement")}
        settings["field"] = spec.field
    else:
        settings = {"field": spec.field, "target": spec.target, "table": spec.table}
        if spec.has_default:
            settings["default"] = spec.default
    return {"alias": stage.alias, "class": f"SmtTwins${family.name}{side}", "location": stage.location,
            **condition, "settings": settings}


def job_predicate(predicate) -> dict:
    """A declared predicate as the harness configures it (every one, used or not, as Connect does)."""
    return {"alias": predicate.alias, "class": predicate.class_name, "location": predicate.location,
            "settings": _connect_settings(predicate.settings)}


def _connect_settings(settings) -> dict:
    return {key: connect_string(value) for key, value in settings.items()}


def compiled(classpath: str, java_version: str, javac: str | None) -> Path:
    """The folder holding the compiled harness, compiling it on first use."""
    source = b"".join(path.read_bytes() for path in SOURCES)
    key = hashlib.sha256(source + java_version.encode() + classpath.encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "smtbench" / "jvm" / key
    if (cache / "SmtHarness.class").is_file():
        return cache
    if javac is None:
        raise BenchError("the jvm backend needs javac (a JDK, not a JRE): apt-get install default-jdk-headless")
    cache.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".compiling-", dir=cache.parent))
    done = subprocess.run([javac, "-nowarn", "-cp", classpath, "-d", str(staging), *map(str, SOURCES)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BenchError(f"compiling the JVM harness failed against these Kafka jars: {done.stderr.strip()[-800:]}")
    try:
        staging.rename(cache)
    except OSError:  # another run compiled it meanwhile
        shutil.rmtree(staging, ignore_errors=True)
    return cache


def write_messages(path: Path, wire: list) -> None:
    """The wire messages for the harness, big-endian as Java's DataInputStream reads them: a count, then per
    message the value and the key (each a length, -1 for null, then its bytes), the partition, offset, a byte 1
    and the timestamp (0 and 0 for none), and the headers (a count, then each one's name as a length and UTF-8
    bytes, and its value as the value is written)."""
    def blob(data) -> bytes:
        return struct.pack(">i", -1) if data is None else struct.pack(">i", len(data)) + data

    with open(path, "wb") as out:
        out.write(struct.pack(">i", len(wire)))
        for data, key, partition, offset, timestamp, headers in wire:
            out.write(blob(data) + blob(key))
            out.write(struct.pack(">iqbq", partition, offset, timestamp is not None, timestamp or 0))
            out.write(struct.pack(">i", len(headers)))
            for name, value in headers:
                out.write(blob(name.encode("utf-8")) + blob(value))


def prepare(fmt: str, spec, paths: dict) -> dict:
    """Everything the forks need that can be wrong, checked before anything is measured: the format, a Java twin
    or a class on the classpath for every stage, Java, Kafka's jars and the compiled harness. ``paths``: the
    classpath and plugin_path given (a chain file's ``jvm:`` block, --classpath). The chain as the harness
    takes it: ``{"stages", "predicates"}``."""
    if fmt == "none":
        raise BenchError("the jvm backend measures Kafka's converters on wire bytes, and format none has none: use "
                         "json, avro or confluent-avro, or leave jvm out of --backends")
    stages = [job_stage(stage) for stage in spec.stages]
    predicates = [job_predicate(predicate) for predicate in spec.predicates]
    java, kafka = _found(paths)
    for kind, items, jobs in (("transform", spec.stages, stages), ("predicate", spec.predicates, predicates)):
        for item, job in zip(items, jobs):
            if not job["class"].startswith("SmtTwins$"):
                _require_class(kafka, f"{kind} {item.alias!r}", item.location, job["class"])
    compiled(kafka.classpath, java.version, java.javac)
    return {"stages": stages, "predicates": predicates, "tolerance": spec.errors_tolerance}


def _require_class(kafka, what: str, location: str | None, class_name: str) -> None:
    """The class is on the classpath; else one line naming where it looked and the closest names there."""
    if kafka.holder(class_name.replace(".", "/") + ".class") is not None:
        return
    package, _, simple = class_name.rpartition(".")
    near = difflib.get_close_matches(class_name, kafka.classes(package.replace(".", "/")), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else (
        f"; the classpath ({kafka.source}) has no class in package {package or '(none)'}: add the SMT's jar with "
        "--plugin-path or the chain file's jvm: {plugin_path: [...]}")
    raise BenchError(f"{what}: class {class_name} is not on the classpath{hint}", location=location)


def _found(paths: dict) -> tuple[Java, KafkaJars]:
    try:
        return find_java(), find_kafka(paths.get("classpath", ()), paths.get("plugin_path", ()))
    except NotFound as exc:
        raise BenchError(str(exc)) from None


def _job(workload, mode: JvmMode, workdir: Path, **more) -> tuple[list[str], Java, KafkaJars]:
    """The harness's command line (without its arguments) over a job file for ``workload`` (and ``more`` in it)."""
    java, kafka = _found(workload.jvm_paths)
    harness = compiled(kafka.classpath, java.version, java.javac)
    messages, job_path = workdir / "jvm-messages.bin", workdir / "jvm-job.json"
    write_messages(messages, workload.wire)
    job = {"name": workload.name, "topic": workload.topic, "messages": str(messages), **workload.jvm_chain,
           "format": workload.format, "schema": json.dumps(workload.input_schema) if workload.input_schema else None,
           "key_format": workload.key_format, "header_format": workload.header_format,
           "key_schema": json.dumps(workload.input_key_schema) if workload.input_key_schema else None,
           "rounds": mode.rounds, "warmup_s": mode.warmup_s,
           "max_warmup_s": mode.max_warmup_s, "settle_pct": mode.settle_pct, **more}
    job_path.write_text(json.dumps(job), encoding="utf-8")
    return [java.java, *JVM_OPTIONS, "-cp", f"{harness}{os.pathsep}{kafka.classpath}", "SmtHarness",
            str(job_path)], java, kafka


def _run(command: list[str], limit: float, what: str, allowed: str = "") -> None:
    """Run the JVM for at most ``limit`` seconds (``allowed``: what for, said when it is stopped)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired as exc:
        tail = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        raise BenchError(f"{what} did not finish in {limit:.0f} s{allowed}, and its JVM was stopped; its last "
                         f"output: {tail.strip()[-800:] or 'none'}") from None
    if done.returncode != 0:
        lines = done.stderr.splitlines()
        ours = [line[len("smtbench: "):] for line in lines if line.startswith("smtbench: ")]
        if done.returncode == TOO_SLOW and ours:  # its watchdog stopped a stage on a record (--check)
            raise BenchError(f"{what}: {ours[0]}: {TOO_SLOW_HINT}")
        # else Java's own last word: the exception's line, not its stack trace
        thrown = [line.strip() for line in lines if line.startswith("Exception in thread") or
                  (line[:1] not in (" ", "\t") and "Exception" in line)]
        raise BenchError(f"{what} failed: " + (ours[0] if ours else f"exit {done.returncode}: " + (
            thrown[-1] if thrown else " ".join(done.stderr.split())[-800:])))


def check(workload, origins: list[str] | None = None,
          record_limit_s: float = RECORD_TIME_LIMIT_S) -> tuple[list[str], list[Outcome], int]:
    """Before anything is measured: Kafka configures every stage (its ConfigException is one line here) and runs
    the chain once over the records, each stage on each record within ``record_limit_s`` (--record-time-limit;
    ``origins`` name the records). Warnings where its records differ from the python twins', what each stage did
    with the records reaching it (changed, unchanged, dropped, failed under errors.tolerance=all; and what they
    were there), and how many left the chain."""
    count = len(workload.wire)
    with tempfile.TemporaryDirectory(prefix="smtbench-jvm-") as tmp:
        command, _java, _kafka = _job(workload, JVM_MODES["quick"], Path(tmp), record_time_limit_s=record_limit_s,
                                      origins=origins[:count] if origins else None)
        outputs = Path(tmp) / "outputs.json"
        # every stage on every record, then the whole chain on each again: each run is held to the limit by the
        # harness's watchdog, so the JVM has its start-up and at most that long for each
        runs = 2 * max(1, len(workload.jvm_chain["stages"])) * count
        limit = min(CHECK_MAX_S, CHECK_START_S + record_limit_s * runs)
        allowed = (f" ({CHECK_START_S:.0f} s to start and {record_limit_s:g} s for each of its {runs:,} runs of a "
                   f"stage on a record, at most {CHECK_MAX_S:.0f} s)")
        try:
            _run(command + ["--check", str(outputs)], limit, "Kafka's chain (the jvm backend's check)", allowed)
        except BenchError as exc:  # point at the stage Kafka refused, as a ConfigError would
            items = workload.jvm_chain["stages"] + workload.jvm_chain["predicates"]
            exc.location = next((item["location"] for item in items if f"'{item['alias']}' (" in exc.message),
                                None)
            raise
        made = json.loads(outputs.read_text(encoding="utf-8"))
        # the harness's counts: the records each stage handled (not those it failed on), then those leaving
        handled, failed = made["counts"], made["skipped"]
        outcomes = [Outcome.from_harness(doc, handled[index] - doc["changed"] - doc["unchanged"], failed[index])
                    for index, doc in enumerate(made["outcomes"])]
        return compare_outputs(workload, made["outputs"]), outcomes, handled[-1]


def measure(workload, mode: str | JvmMode, workdir: Path) -> dict:
    """Run the mode's forks: ``{"cells", "processes", "environment"}``, the jvm's share of a Measurement."""
    mode = JVM_MODES[mode] if isinstance(mode, str) else mode
    command, java, kafka = _job(workload, mode, workdir)
    processes, cells, found = [], {}, {}
    # A fork's timed rounds take about as long as the Python side's; past this, something is stuck.
    limit = mode.max_warmup_s + 120
    for fork in range(mode.forks):
        out = workdir / f"jvm-fork-{fork}.json"
        started = time.perf_counter()
        _run(command + [str(out)], limit, f"JVM fork {fork + 1}")
        result = json.loads(out.read_text(encoding="utf-8"))
        for cell in result["cells"]:
            cells[cell["name"]] = {"stage": cell["stage"], "backend": "jvm", "records": cell["records"]}
            found.setdefault(cell["name"], []).append(cell["bytes_per_record"])
        processes.append({"values": result["values"], "cpu": result.get("cpu"), "warmups": [],
                          "metadata": {"java_version": result["java"], "kafka_version": result["kafka"],
                                       "jvm_warmup_s": round(result["warmup_s"], 2),
                                       "jvm_warmup_rounds": result["warmup_rounds"]}})
        print(f"  jvm fork {fork + 1}/{mode.forks} done: warmed up {result['warmup_s']:.1f} s "
              f"({result['warmup_rounds']} rounds), chain "
              f"{result['values'][-1][workload.name + '/jvm/chain'] * 1e9:,.0f} ns per record "
              f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    environment = {"java": java.version, "kafka": kafka.version,
                   "kafka_source": kafka.source, "forks": mode.forks,
                   "bytes_per_record": {name: sum(v) / len(v) for name, v in found.items()}}
    return {"cells": cells, "processes": processes, "environment": environment}


def compare_outputs(workload, kafka_outputs: list) -> list[str]:
    """Where Kafka's chain and the python twins made different records of the same messages (topic, key and value
    as JSON, dropped or not): the figures then do not compare like for like, and one side is wrong."""
    chain = chains.reference_chain(workload.spec())
    if chain is None:  # a stage only Kafka runs: no twin to compare with
        return []
    as_json = Json()  # Kafka's outputs come as schemaless JSON, whatever the format
    differ = []
    records = decode_all(workload, decoder(workload.converter()))
    for index, (record, kafka) in enumerate(zip(records, kafka_outputs)):
        out = chain.apply(record)
        mine = None if out is None else {"topic": out.topic, "key": orjson.loads(as_json.encode(out.key)),
                                         "value": orjson.loads(as_json.encode(out.value))}
        if mine != kafka:
            differ.append((index, mine, kafka))
    if not differ:
        return []
    index, mine, kafka = differ[0]
    return [f"warning: Kafka's chain (jvm) and the python twins disagree on {len(differ):,} of "
            f"{len(workload.wire):,} records; the first, message {index + 1}: python {mine!r}, Kafka {kafka!r}"]
