"""The master's side of a run: build every chain, load and encode the messages, run them through every stage once
to check them, and size the pass. Nothing is measured before all of it checks out."""

from __future__ import annotations

import hashlib
import signal
import threading
from contextlib import contextmanager

import orjson

from transforms import DataError

from .. import chains
from ..errors import BenchError
from ..input import formats, keys, messages
from ..input.chainfile import TOO_SLOW_HINT, ChainFile
from . import noop
from .cells import Cells
from .jvm import forks as jvm_forks
from .outcomes import Outcome
from .workload import Fatal, Message, Workload, decode_all, decoder, run_stages

_TIMESTAMP0 = 1_760_000_000_000


def prepare(chain: ChainFile, backends: list[str] | None, budget_s: float | None = None,
            records: int | None = None) -> Workload:
    """Load the messages, run them through every stage once to check them, and size the pass: to ``records``
    exactly when given (the same workload every time), else to what fits ``budget_s`` per round."""
    if backends is not None:  # named: each must exist and run here
        chains.check_backends(chain, backends)
    spec, notes = chains.parse(chain)
    if backends is None:
        backends = chains.runnable(spec)
        if not backends:  # a Python class (only the twins run it) beside a Java class (only Kafka's JVM does)
            raise chain.error("no backend this install has can run every transform of this chain: a Python class "
                              "runs on the twins only, a Java class on the jvm backend only (python -m bench doctor "
                              "shows what is available)", "transforms")
    timed_here = chains.in_process(backends)
    built = chains.build_all(spec, timed_here)
    source = messages.load(chain)
    fmt = chain.messages.format
    if fmt in ("avro", "confluent-avro") and source.schema is None:
        raise chain.error(f"format {fmt} needs an Avro schema: give messages.schema (.avsc) or an Avro container "
                          "file as the sample", "messages", "format")
    schema = source.schema
    if fmt == "json-schemas" and schema is None:  # the records' own shape, as a producer's JsonConverter would see
        schema = formats.infer_schema(source.values, f"{chain.name}In")
    key_format = "string" if source.key_text else chain.messages.key_format
    if key_format == "string" and source.keys is not None:  # StringConverter keys: text, whatever the sample held
        source.keys = [key if key is None or type(key) is str else orjson.dumps(key).decode() for key in source.keys]
    keyed = key_format or fmt
    key_schema = source.key_schema
    if keyed in ("json-schemas", "avro", "confluent-avro") and key_schema is None and source.keys is not None:
        key_schema = formats.infer_schema(source.keys, f"{chain.name}KeyIn")  # the keys' own shape, the same way
    # the chain every record is checked on: the first backend timed here, else the reference twins when every
    # stage has one (else Kafka's chain counts the records, in its check)
    reference = built[timed_here[0]] if timed_here else chains.reference_chain(spec)
    kafka_backends = [b for b in backends if b not in timed_here]
    jvm_chain = jvm_forks.prepare(fmt, spec, chain.jvm) if kafka_backends else {}
    workload = Workload(name=chain.name, topic=chain.messages.topic or source.topic or chain.name, format=fmt,
                        configs=chain.transforms, predicates=chain.predicates,
                        errors_tolerance=chain.errors_tolerance,
                        base_dir=str(chain.base_dir.resolve()), backends=timed_here, wire=[],
                        input_schema=schema, schema_id=chain.messages.schema_id, count=len(source.values),
                        stages=[(s.alias, s.type_name) for s in spec.stages], warnings=notes,
                        kafka_backends=kafka_backends, jvm_chain=jvm_chain, jvm_paths=chain.jvm,
                        key_format=key_format, input_key_schema=key_schema,
                        header_format=chain.messages.header_format,
                        described=messages.describe(chain, source))
    workload.wire = _wire(chain, source, workload.converter(), workload.key_converter())
    workload.messages_digest = _digest(workload.wire)
    if records is not None:
        workload.wire = workload.wire[:records]
    outputs, outcomes = _check_stages(chain, workload, spec, reference, source.origins)
    lookups = _lookups(reference) if reference is not None else []
    if fmt in ("avro", "confluent-avro", "json-schemas"):
        workload.output_schema = formats.infer_schema([record.value for record in outputs], f"{chain.name}Out")
    if keyed in ("avro", "confluent-avro", "json-schemas") and fmt != "none":
        if any(record.key is not None for record in outputs):
            workload.output_key_schema = formats.infer_schema([record.key for record in outputs],
                                                              f"{chain.name}Key")
    if records is None:  # time one round (every cell once, all records) and keep what fits the budget
        round_s = sum(cell.run()[0] for cell in Cells(workload, built).cells)  # wall seconds
        keep = max(min(len(workload.wire), int(len(workload.wire) * budget_s / round_s)),
                   min(200, len(workload.wire)))
        if keep < len(workload.wire):
            workload.wire = workload.wire[:keep]
            _outputs, outcomes = _check_stages(chain, workload, spec, reference, source.origins)  # recount them
    if workload.jvm_chain:  # Kafka configures its stages and runs the records once, before anything is timed
        disagreements, kafka_outcomes, records_out = jvm_forks.check(workload, source.origins,
                                                                     chain.record_time_limit_s)
        workload.warnings.extend(disagreements)
        if reference is None:
            outcomes = kafka_outcomes
            _tally(workload, outcomes, records_out)
    for counts, looked_up in zip(workload.outcomes, lookups):
        counts.update(looked_up)
    workload.warnings.extend(noop.warnings(spec, outcomes, getattr(chain, "locate", None)))
    return workload


def _wire(chain: ChainFile, source, convert, convert_key) -> list:
    """The source's records as wire messages: value and key encoded by their converters (a tombstone's value and
    an absent key stay None), headers as UTF-8 text; partition, offset and timestamp as the sample gives them,
    else made up (12 partitions, offsets from 0, a millisecond apart)."""
    wire = []
    for index, value in enumerate(source.values):
        key = source.keys[index] if source.keys is not None else None
        headers = source.headers[index] if source.headers is not None else ()
        partition, offset, timestamp = source.meta[index] if source.meta else (index % 12, index, _TIMESTAMP0 + index)
        if convert is not None:
            try:
                value = None if value is None else convert.encode_input(value)
            except Exception as exc:
                raise BenchError(f"{source.origins[index]}: cannot encode as {chain.messages.format}: {exc}",
                                 path=chain.source) from None
            try:
                key = None if key is None else convert_key.encode_input(key)
            except Exception as exc:
                raise BenchError(f"{source.origins[index]}: cannot encode the key as "
                                 f"{convert_key.name}: {exc}", path=chain.source) from None
            headers = keys.encode_headers(headers) if headers else ()
        wire.append(Message(value, key, partition, offset, timestamp, headers))
    return wire


def _digest(wire: list) -> str:
    """A digest of the messages: a gate baseline taken on other records does not compare. (Keys and headers
    count only where there are some, so that a digest of values alone is what it was before.)"""
    digest = hashlib.sha256()
    for data, key, *_, headers in wire:
        digest.update(data if isinstance(data, bytes) else repr(data).encode())
        if key is not None or headers:
            digest.update(repr((key, headers)).encode())
    return digest.hexdigest()[:16]


def _check_stages(chain: ChainFile, workload: Workload, spec, reference, origins: list[str]) -> tuple[list, list]:
    """Run the reference chain stage by stage over every record, counting what enters each and what each stage did
    with it; a record that does not decode, or that a transform cannot handle, is named. Returns the chain's output
    records, and an ``outcomes.Outcome`` per stage (none when only Kafka's chain runs: its check counts them)."""
    def undecodable(position, exc):
        return BenchError(f"{origins[position]}: cannot decode as {workload.format}: {exc}", path=chain.source)

    def failed(index, position, exc):
        stage = spec.stages[index]
        if isinstance(exc, DataError):
            message = f"{exc} (in {origins[position]})"
        else:  # a custom transform's own code
            message = (f"transform {stage.alias!r} ({stage.type_name}) failed: {type(exc).__name__}: {exc} "
                       f"(in {origins[position]})")
        return BenchError(message, path=chain.source, location=stage.location)

    def failed_or_slow(index, position, exc):
        if isinstance(exc, _TooSlow):
            stage = spec.stages[index]
            return BenchError(f"transform {stage.alias!r} ({stage.type_name}) took over {limit:g} s on one record "
                              f"(in {origins[position]}) and was stopped: {TOO_SLOW_HINT}", path=chain.source,
                              location=stage.location)
        return failed(index, position, exc)

    records = decode_all(workload, decoder(workload.converter()), undecodable)
    if reference is None:  # a stage only Kafka runs: its chain counts the records (jvm check)
        return [], []
    outcomes = [Outcome() for _ in reference.stages]
    limit = chain.record_time_limit_s
    with _time_limit() as timed:
        passes = run_stages([_Watched(stage, limit) for stage in reference.stages] if timed else reference.stages,
                            records, failed_or_slow, workload.skipping(), outcomes)
    _tally(workload, outcomes, len(passes[-1]))
    return passes[-1], outcomes


class _TooSlow(Fatal):
    """Raised in the check by the alarm when one stage has held one record past the limit."""


class _Watched:
    """A stage as the check runs it: a one-shot alarm armed for each apply, so no signal arrives unless a record
    has already taken too long (a timer ticking through the check would interrupt the stores' network calls)."""

    def __init__(self, stage, limit: float):
        self.stage, self.limit = stage, limit

    def apply(self, record):
        signal.setitimer(signal.ITIMER_REAL, self.limit)
        try:
            return self.stage.apply(record)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _alarm(signum, frame):
    raise _TooSlow()


@contextmanager
def _time_limit():
    """Whether the check's stages can be timed (yields True): SIGALRM's handler runs in the main thread between
    bytecodes, and Python's ``re`` checks for signals while it matches, so a regex that backtracks is stopped too
    (measured: ``(a+)+$`` on 31 characters stopped 1.0 s into a 1 s limit). A watchdog thread cannot do it: ``re``
    holds the GIL until it returns. C code that never checks for signals is not stopped. Off the main thread (no
    signals there), the check runs without a limit (yields False)."""
    if threading.current_thread() is not threading.main_thread():
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _lookups(reference) -> list[dict]:
    """What each Lookup from a store looked up so far (after the first check: one pass, from an empty cache)."""
    found = []
    for stage in reference.stages:
        store = getattr(stage, "store", None)
        found.append({} if store is None else
                     {"lookups": store.lookups, "cache_hits": store.cache_hits if store.settings.cache_size else None})
    return found


def _tally(workload: Workload, outcomes: list, records_out: int) -> None:
    """What the run reports of each stage, from what it did: the records entering each stage then leaving the
    chain, those it failed on (errors.tolerance=all skipped them), and those it changed or passed unchanged."""
    workload.record_counts = [outcome.records_in for outcome in outcomes] + [records_out]
    workload.skipped = [outcome.failed for outcome in outcomes] if workload.errors_tolerance == "all" else []
    workload.outcomes = [outcome.counts() for outcome in outcomes]
