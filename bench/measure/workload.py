"""What one run measures, as plain data the master prepares and every worker rebuilds its cells from; and the two
steps both sides take on it: decoding the wire messages into records, and running them stage by stage."""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from transforms import Record

from .. import chains
from ..input import formats, keys
from .outcomes import unchanged

_new = tuple.__new__


class Message(NamedTuple):
    """One message on the wire, as a consumer gets it. With format ``none`` (no converters) the value, key and
    header values are the Python values themselves."""

    value: Any  # the value's bytes; None for a tombstone
    key: Any  # the key's bytes; None for no key
    partition: int
    offset: int
    timestamp: int | None  # epoch milliseconds; None for none
    headers: tuple = ()  # (name, bytes or None) pairs, in order


@dataclass
class Workload:
    """Everything a worker needs to rebuild the cells; plain data, so it pickles."""

    name: str
    topic: str
    format: str
    configs: list
    predicates: list  # declared predicates, as the chain file gives them
    base_dir: str
    backends: list  # timed in Python, by the pyperf harness
    wire: list  # a Message per record: value and key bytes, partition, offset, timestamp, headers
    input_schema: dict | None = None
    output_schema: dict | None = None
    schema_id: int = 1
    count: int = 0  # records the source had; ``wire`` holds the first records_per_pass of them
    stages: list = field(default_factory=list)  # (alias, type name) per transform
    record_counts: list = field(default_factory=list)  # records entering each transform, then leaving the chain
    errors_tolerance: str = "none"  # Connect's errors.tolerance of the chain
    skipped: list = field(default_factory=list)  # per transform, records it failed on (errors.tolerance=all)
    outcomes: list = field(default_factory=list)  # per transform, {"changed", "unchanged"} (outcomes.Outcome)
    warnings: list = field(default_factory=list)
    messages_digest: str = ""  # of every encoded message of the source, before a pass is sized
    kafka_backends: list = field(default_factory=list)  # timed in forked JVMs (measure/jvm/)
    jvm_chain: dict = field(default_factory=dict)  # the chain as the JVM harness takes it, when jvm is measured
    jvm_paths: dict = field(default_factory=dict)  # classpath, plugin_path: where the JVM finds Kafka's classes
    key_format: str | None = None  # the key converter's kind (chainfile.KEY_FORMATS); None: the value's
    header_format: str = "simple"  # header.converter: SimpleHeaderConverter (Connect's default) or StringConverter
    input_key_schema: dict | None = None  # the Avro schema of the keys, when there is one
    output_key_schema: dict | None = None  # of the chain's output keys (Avro formats)
    described: str = ""  # the records, in a few words (messages.describe)

    def save(self, path: Path) -> None:
        with open(path, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path) -> Workload:
        with open(path, "rb") as handle:
            return pickle.load(handle)

    def converter(self):
        """The converter stage's object, or None (format none)."""
        return formats.converter(self.format, self.input_schema, self.output_schema, self.schema_id)

    def key_converter(self):
        """The key converter, or None (format none)."""
        return keys.key_converter(self.format, self.key_format, self.input_key_schema, self.output_key_schema,
                                  self.schema_id)

    def codec(self) -> Codec:
        return Codec(self.converter(), self.key_converter(), self.header_format)

    def chains(self) -> dict:
        """Every backend's chain, from one parse of the configs (tables loaded and custom classes configured once)."""
        return chains.build_all(self.spec(), self.backends)

    def spec(self):
        """The chain, parsed again from the configs the master checked."""
        return chains.parse_checked(self.configs, self.base_dir, self.predicates, self.errors_tolerance)

    def skipping(self) -> list | None:
        """A fresh count per transform when failing records are skipped (errors.tolerance=all), else None."""
        return [0] * len(self.stages) if self.errors_tolerance == "all" else None


def _same(data):
    return data


class Codec:
    """The converters of a run as the passes call them: value, key and headers, each way. With format ``none``
    each is the identity (and no encode is asked for)."""

    def __init__(self, convert, convert_key, header_format: str = "simple"):
        self.decode = decoder(convert)
        self.decode_key = decoder(convert_key)
        self.decode_headers = _same if convert is None else keys.HEADER_DECODERS[header_format]
        if convert is not None:
            self.encode, self.encode_input = convert.encode, convert.encode_input
            self.encode_key, self.encode_input_key = convert_key.encode, convert_key.encode_input
            self.encode_headers = keys.encode_headers

    def encoders(self, schemas: str) -> tuple:
        """The value, key and header encoders a pass calls: with the chain's ``"output"`` schemas, or the
        ``"input"`` ones (the pass-through writes what it read)."""
        if schemas == "input":
            return self.encode_input, self.encode_input_key, self.encode_headers
        return self.encode, self.encode_key, self.encode_headers


def decoder(convert):
    """Wire bytes to a record value: the converter's decode, or the value itself when there is no converter."""
    return _same if convert is None else convert.decode


def decode_all(workload: Workload, decode, failed=None) -> list:
    """The wire messages as the records that reach the first transform: a tombstone's value and an absent key are
    None, without a converter's call. ``failed(position, exc)`` makes the error to raise when a message does not
    decode."""
    records, topic = [], workload.topic
    codec = workload.codec()
    decode_key, decode_headers = codec.decode_key, codec.decode_headers
    for position, (data, key, partition, offset, timestamp, headers) in enumerate(workload.wire):
        try:
            value = None if data is None else decode(data)
            key = None if key is None else decode_key(key)
            headers = decode_headers(headers) if headers else ()
        except Exception as exc:
            if failed is None:
                raise
            raise failed(position, exc) from None
        records.append(_new(Record, (topic, value, key, partition, offset, timestamp, headers)))
    return records


class Fatal(Exception):
    """A failure that stops the run under any errors.tolerance: the record is not at fault, the check's limits are
    (a stage that took too long on it, measure/prepare.py)."""


def run_stages(stages, records: list, failed=None, skipped: list | None = None,
               outcomes: list | None = None) -> list[list]:
    """Run ``records`` through the chain's stages one by one: the records each stage handles, then those leaving
    the chain. ``failed(stage_index, position, exc)`` makes the error to raise when a stage fails on a record
    (``position``: which of ``records`` it came from). With ``skipped`` (errors.tolerance=all: a count per
    stage) such a record is counted there and goes no further, as Connect skips it; it is not among the records
    that stage handles, whose timed pass therefore has none that fail (the chain's pass has them). With
    ``outcomes`` (the master's check: an ``outcomes.Outcome`` per stage) each stage's are counted too."""
    passes, positions = [records], range(len(records))
    for index, stage in enumerate(stages):
        handled, kept, kept_positions = [], [], []
        tally = outcomes[index] if outcomes is not None else None
        if tally is not None:
            tally.see(passes[-1])
        for record, position in zip(passes[-1], positions):
            try:
                out = stage.apply(record)
            except Exception as exc:
                if skipped is not None and not isinstance(exc, Fatal):
                    skipped[index] += 1
                    continue
                if failed is None:
                    raise
                raise failed(index, position, exc) from exc
            handled.append(record)
            if out is not None:
                kept.append(out)
                kept_positions.append(position)
                if tally is not None:
                    if unchanged(record, out):
                        tally.unchanged += 1
                    else:
                        tally.changed += 1
        if tally is not None:
            tally.dropped = len(handled) - len(kept)
            tally.failed = len(passes[-1]) - len(handled)
        passes[-1] = handled
        passes.append(kept)
        positions = kept_positions
    return passes
