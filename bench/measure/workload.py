"""What one run measures: prepared once in the master, pickled, rebuilt into timed cells in every worker.

A cell is one timed pass over the records as they arrive at its stage: ``decode`` (wire bytes to a record),
``transform:<alias>`` (that transform alone), ``chain``, ``encode`` (the chain's output to wire bytes),
``pass-through`` (decode then encode, no transforms) and ``end-to-end`` (decode, chain, encode).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from transforms import ConfigError, ConfigWarning, DataError, Record, available_backends, build_chain

from ..input import formats, messages
from ..input.chainfile import ChainFile
from ..errors import BenchError

_new = tuple.__new__
_TIMESTAMP0 = 1_760_000_000_000


@dataclass
class Workload:
    """Everything a worker needs to rebuild the cells; plain data, so it pickles."""

    name: str
    topic: str
    format: str
    configs: list
    base_dir: str
    backends: list
    wire: list  # (bytes, partition, offset, timestamp) per message; the bytes are the value when format is none
    input_schema: dict | None = None
    output_schema: dict | None = None
    schema_id: int = 1
    count: int = 0  # records the source had; ``wire`` holds the first records_per_pass of them
    stages: list = field(default_factory=list)  # (alias, type name) per transform
    records_in: list = field(default_factory=list)  # records entering each transform, then leaving the chain
    warnings: list = field(default_factory=list)
    messages_digest: str = ""  # of every encoded message of the source, before a pass is sized

    def save(self, path: Path) -> None:
        with open(path, "wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def load(path) -> Workload:
        with open(path, "rb") as handle:
            return pickle.load(handle)

    def converter(self):
        if self.format == "json":
            return formats.Json()
        if self.format == "avro":
            return formats.Avro(self.input_schema, self.output_schema)
        if self.format == "confluent-avro":
            return formats.ConfluentAvro(self.input_schema, self.output_schema, self.schema_id)
        return None

    def chain(self, backend: str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConfigWarning)  # the master reported them already
            return build_chain(self.configs, backend, base_dir=self.base_dir)


# -- the master: prepare and check everything before any worker starts ------------------------------------------
def _config_error(chain: ChainFile, exc) -> BenchError:
    index = chain.transform_index(exc.alias)
    keys = ("transforms", index, exc.key) if index is not None and exc.key else (
        ("transforms", index) if index is not None else ("transforms",))
    return chain.error(str(exc), *keys)


def build_chains(chain: ChainFile, backends: list[str]) -> tuple[dict, list[str]]:
    """Every backend's chain, and the configuration warnings (``file:line: warning: ...``)."""
    unknown = [b for b in backends if b not in ("python", "cython")]
    if unknown:
        raise chain.error(f"unknown backend {unknown[0]!r}; choose from python, cython", "backends")
    missing = [b for b in backends if b not in available_backends()]
    if missing:
        raise BenchError(f"backend {missing[0]!r} is not available in this install (it has "
                         f"{', '.join(available_backends())}); reinstall without SMTBENCH_NO_EXTENSIONS, or pass "
                         "--backends python")
    chains, notes = {}, []
    for backend in backends:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConfigWarning)
            try:
                chains[backend] = build_chain(chain.transforms, backend, base_dir=chain.base_dir)
            except ConfigError as exc:
                raise _config_error(chain, exc) from None
        if not notes:
            for warning in caught:
                message = warning.message
                index = chain.transform_index(getattr(message, "alias", None))
                line = chain.line_of("transforms", index, getattr(message, "key", None)) if index is not None \
                    else None
                notes.append(f"{chain.path}:{line}: warning: {message}" if line else f"{chain.path}: warning: "
                             f"{message}")
    return chains, notes


def prepare(chain: ChainFile, backends: list[str], budget_s: float | None = None,
            records: int | None = None) -> Workload:
    """Load the messages, run them through every stage once to check them, and size the pass: to ``records``
    exactly when given (the same workload every time), else to what fits ``budget_s`` per round."""
    chains, notes = build_chains(chain, backends)
    source = messages.load(chain)
    fmt = chain.messages.format
    if fmt in ("avro", "confluent-avro") and source.schema is None:
        raise chain.error(f"format {fmt} needs an Avro schema: give messages.schema (.avsc) or an Avro container "
                          "file as the sample", "messages", "format")
    workload = Workload(name=chain.name, topic=chain.messages.topic or chain.name, format=fmt,
                        configs=chain.transforms, base_dir=str(chain.base_dir.resolve()), backends=backends, wire=[],
                        input_schema=source.schema, schema_id=chain.messages.schema_id, count=len(source.values),
                        stages=[(s.spec.alias, s.spec.type_name) for s in chains[backends[0]].stages],
                        warnings=notes)
    convert = workload.converter()
    for index, value in enumerate(source.values):
        try:
            data = value if convert is None else convert.encode_input(value)
        except Exception as exc:
            raise BenchError(f"{source.origins[index]}: cannot encode as {fmt}: {exc}", path=chain.path) from None
        workload.wire.append((data, index % 12, index, _TIMESTAMP0 + index))
    workload.messages_digest = _digest(workload.wire)
    if records is not None:
        workload.wire = workload.wire[:records]
    outputs = _check_stages(chain, workload, chains[backends[0]], source.origins)
    if fmt in ("avro", "confluent-avro"):
        workload.output_schema = formats.infer_schema([record.value for record in outputs], f"{chain.name}Out")
    if records is not None:
        return workload
    # Time one round (every cell once, all records) here, and keep as many records as fit the budget.
    round_s = sum(cell.run() for cell in Cells(workload).cells)
    keep = max(min(len(workload.wire), int(len(workload.wire) * budget_s / round_s)), min(200, len(workload.wire)))
    if keep < len(workload.wire):
        workload.wire = workload.wire[:keep]
        _check_stages(chain, workload, chains[backends[0]], source.origins)  # recount for the records kept
    return workload


def _digest(wire: list) -> str:
    """A digest of the messages: a gate baseline taken on other records does not compare."""
    digest = hashlib.sha256()
    for data, *_ in wire:
        digest.update(data if isinstance(data, bytes) else repr(data).encode())
    return digest.hexdigest()[:16]


def _check_stages(chain: ChainFile, workload: Workload, reference, origins) -> list:
    """Run the reference chain stage by stage over every record; a record a transform cannot handle is named."""
    convert = workload.converter()
    records = []
    for index, (data, partition, offset, timestamp) in enumerate(workload.wire):
        try:
            value = data if convert is None else convert.decode(data)
        except Exception as exc:
            raise BenchError(f"{origins[index]}: cannot decode as {workload.format}: {exc}", path=chain.path) \
                from None
        records.append(Record(workload.topic, value, None, partition, offset, timestamp))
    positions = list(range(len(records)))
    counts = []
    for stage_index, stage in enumerate(reference.stages):
        counts.append(len(records))
        kept, kept_positions = [], []
        for record, position in zip(records, positions):
            try:
                out = stage.apply(record)
            except DataError as exc:
                raise chain.error(f"{exc} (in {origins[position]})", "transforms", stage_index) from exc
            except Exception as exc:  # a custom transform's own code
                raise chain.error(f"transform {stage.spec.alias!r} ({stage.spec.type_name}) failed: "
                                  f"{type(exc).__name__}: {exc} (in {origins[position]})", "transforms",
                                  stage_index) from exc
            if out is not None:
                kept.append(out)
                kept_positions.append(position)
        records, positions = kept, kept_positions
    counts.append(len(records))
    workload.records_in = counts
    return records


# -- the worker: the cells ------------------------------------------------------------------------------------
@dataclass
class Cell:
    name: str  # <chain>/<backend or format>/<stage>
    stage: str  # decode, transform:<alias>, chain, encode, pass-through, end-to-end
    backend: str | None  # None for converter stages
    records: int  # records in one pass
    loop: object  # () -> None: one pass over the records, untimed (the instruction counter brackets it)

    def run(self) -> float:
        """Seconds for one pass."""
        start = time.perf_counter()
        self.loop()
        return time.perf_counter() - start


def _apply_pass(apply, records):
    def loop():
        for record in records:
            apply(record)
    return loop


class Cells:
    """The timed passes of a workload, grouped so that one stage's backends run back to back."""

    def __init__(self, workload: Workload):
        self.workload = workload
        backends = workload.backends
        self.chains = {b: workload.chain(b) for b in backends}
        convert = workload.converter()
        topic = workload.topic
        decode = (lambda data: data) if convert is None else convert.decode
        messages = workload.wire
        records = [_new(Record, (topic, decode(d), None, p, o, t, ())) for d, p, o, t in messages]
        reference = self.chains[backends[0]]
        self.stage_inputs = [records]
        for stage in reference.stages:
            self.stage_inputs.append([r for r in map(stage.apply, self.stage_inputs[-1]) if r is not None])
        outputs = self.stage_inputs[-1]
        self.groups: list[list[Cell]] = []
        name, fmt = workload.name, workload.format
        # A fixed workload our code cannot change, timed in every round: the timing gate compares each stage
        # relative to it, which cancels what the machine does to both.
        self.groups.append([Cell(f"{name}/reference/stdlib", "reference", None, len(messages),
                                 _reference_pass(len(messages)))])
        if convert is not None:
            self.groups.append([Cell(f"{name}/{fmt}/decode", "decode", None, len(messages),
                                     _decode_pass(decode, topic, messages))])
        for index, (alias, _type) in enumerate(workload.stages):
            inputs = self.stage_inputs[index]
            if inputs:
                self.groups.append([Cell(f"{name}/{b}/transform:{alias}", f"transform:{alias}", b, len(inputs),
                                         _apply_pass(self.chains[b].stages[index].apply, inputs))
                                    for b in backends])
        self.groups.append([Cell(f"{name}/{b}/chain", "chain", b, len(records),
                                 _apply_pass(self.chains[b].apply, records)) for b in backends])
        if convert is not None:
            if outputs:
                self.groups.append([Cell(f"{name}/{fmt}/encode", "encode", None, len(outputs),
                                         _encode_pass(convert.encode, outputs))])
            self.groups.append([Cell(f"{name}/{fmt}/pass-through", "pass-through", None, len(messages),
                                     _end_to_end_pass(decode, None, convert.encode_input, topic, messages))])
            self.groups.append([Cell(f"{name}/{b}/end-to-end", "end-to-end", b, len(messages),
                                     _end_to_end_pass(decode, self.chains[b].apply, convert.encode, topic,
                                                      messages)) for b in backends])

    @property
    def cells(self) -> list[Cell]:
        return [cell for group in self.groups for cell in group]


def record_costs_by_option(workload: Workload) -> dict:
    """Per-record costs for each backend's end-to-end, and the converters' pass-through (when there are any)."""
    cells = Cells(workload)
    costs = {backend: record_costs(cells, "end-to-end", backend) for backend in workload.backends}
    if workload.converter() is not None:
        costs["pass-through"] = record_costs(cells, "pass-through", None)
    return costs


def record_costs(cells: Cells, stage: str, backend: str | None) -> list[float]:
    """Seconds per record, each record timed on its own, for the end-to-end or pass-through stage: the shape of
    the per-record distribution the latency model needs (the harness gives the level)."""
    workload = cells.workload
    convert = workload.converter()
    apply = cells.chains[backend].apply if stage == "end-to-end" else None
    encode = (convert.encode if stage == "end-to-end" else convert.encode_input) if convert else None
    decode = convert.decode if convert else (lambda data: data)
    topic, clock, costs = workload.topic, time.perf_counter, []
    for data, partition, offset, timestamp in workload.wire:
        start = clock()
        record = _new(Record, (topic, decode(data), None, partition, offset, timestamp, ()))
        if apply is not None:
            record = apply(record)
        if record is not None and encode is not None:
            encode(record[1])
        costs.append(clock() - start)
    return costs


_REFERENCE_RECORD = {"id": 7, "email": "someone@example.com", "country": "DE", "amount": 12.5, "tags": ["a", "b"]}
_REFERENCE_REGEX = re.compile(r"^[^@]+")


def _reference_pass(count: int):
    """Per record: a dict copy and update, a regex substitution and a JSON encoding, all standard library."""
    def loop():
        for _ in range(count):
            record = dict(_REFERENCE_RECORD)
            record["email"] = _REFERENCE_REGEX.sub("***", record["email"])
            json.dumps(record)
    return loop


def _decode_pass(decode, topic, messages):
    def loop():
        for data, partition, offset, timestamp in messages:
            _new(Record, (topic, decode(data), None, partition, offset, timestamp, ()))
    return loop


def _encode_pass(encode, records):
    def loop():
        for record in records:
            encode(record[1])
    return loop


def _end_to_end_pass(decode, apply, encode, topic, messages):
    def loop():
        for data, partition, offset, timestamp in messages:
            record = _new(Record, (topic, decode(data), None, partition, offset, timestamp, ()))
            if apply is not None:
                record = apply(record)
                if record is None:
                    continue
            encode(record[1])
    return loop
