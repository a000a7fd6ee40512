"""The timed passes of a run, rebuilt from the workload in every worker.

A cell is one pass over the records as they arrive at its stage: ``decode`` (wire bytes to a record),
``transform:<alias>`` (that transform alone), ``chain``, ``encode`` (the chain's output to wire bytes),
``pass-through`` (decode then encode, no transforms) and ``end-to-end`` (decode, chain, encode); and ``reference``,
a fixed standard-library workload the timing gate compares every stage with.

Each pass is timed twice over: wall time (``perf_counter``), which is how long it holds a task and so caps what one
task processes, and the thread's CPU time (``thread_time``), which is what it costs a core. They part when a stage
waits (a lookup over the network). Thread time, not process time: a worker is one thread, as a Connect task is, so
the two clocks agree here; thread time is also what the JVM forks read (``getCurrentThreadCpuTime``), so every
backend's CPU figure means the same thing. Neither counts another thread's work (a client library's I/O thread,
the JVM's garbage collector).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

from transforms import Record

from .workload import Codec, Workload, decode_all, run_stages

_new = tuple.__new__


@dataclass
class Cell:
    name: str  # <chain>/<backend or format>/<stage>
    stage: str  # reference, decode, transform:<alias>, chain, encode, pass-through, end-to-end
    backend: str | None  # None for converter stages and the reference
    records: int  # records in one pass
    loop: object  # () -> None: one pass over the records, untimed (the instruction counter brackets it)

    def run(self) -> tuple[float, float]:
        """Seconds for one pass: wall time, and the CPU time this thread spent in it. The CPU clock is read outside
        the wall clock, so wall time stays as tight as it was; CPU time carries the clock reads (under a µs)."""
        cpu, start = time.thread_time_ns(), time.perf_counter()
        self.loop()
        wall = time.perf_counter() - start
        return wall, (time.thread_time_ns() - cpu) * 1e-9


class Cells:
    """The timed passes of a workload, grouped so that one stage's backends run back to back."""

    def __init__(self, workload: Workload, built: dict | None = None):
        self.workload = workload
        self.chains = workload.chains() if built is None else built  # backend -> chain
        codec = workload.codec()
        convert = workload.converter()
        messages, topic = workload.wire, workload.topic
        records = decode_all(workload, codec.decode)
        # no backend timed here (only the JVM's): the converter cells alone
        self.stage_inputs = run_stages(self.chains[workload.backends[0]].stages, records,
                                       skipped=workload.skipping()) if self.chains else [records]
        outputs = self.stage_inputs[-1] if self.chains else []  # what a chain timed here made, to encode
        # A fixed workload our code cannot change, timed in every round: the timing gate compares each stage
        # relative to it, which cancels what the machine does to both.
        self.groups: list[list[Cell]] = [[Cell(f"{workload.name}/reference/stdlib", "reference", None, len(messages),
                                               _reference_pass(len(messages)))]]
        if convert is not None:
            self._converter_cell("decode", len(messages), message_pass(topic, messages, codec))
        for index, (alias, _type) in enumerate(workload.stages if self.chains else ()):  # stage_inputs needs a chain
            inputs = self.stage_inputs[index]
            if inputs:
                self._backend_cells(f"transform:{alias}", len(inputs),
                                    lambda chain: _apply_pass(chain.stages[index].apply, inputs))
        self._backend_cells("chain", len(records), lambda chain: _apply_pass(chain.apply, records))
        if convert is not None:
            if outputs:
                self._converter_cell("encode", len(outputs), _encode_pass(codec, outputs))
            self._converter_cell("pass-through", len(messages), message_pass(topic, messages, codec, encode="input"))
            self._backend_cells("end-to-end", len(messages),
                                lambda chain: message_pass(topic, messages, codec, chain.apply, "output"))

    def _converter_cell(self, stage: str, records: int, loop) -> None:
        name = f"{self.workload.name}/{self.workload.format}/{stage}"
        self.groups.append([Cell(name, stage, None, records, loop)])

    def _backend_cells(self, stage: str, records: int, loop_of) -> None:
        if not self.chains:  # only the JVM's backend: it times its own cells
            return
        self.groups.append([Cell(f"{self.workload.name}/{backend}/{stage}", stage, backend, records, loop_of(chain))
                            for backend, chain in self.chains.items()])

    @property
    def cells(self) -> list[Cell]:
        return [cell for group in self.groups for cell in group]


def message_pass(topic: str, messages: list, codec: Codec, apply=None, encode: str | None = None):
    """One pass over wire messages: decode each into a record (value, key and headers, as a worker's converters
    do), then apply the chain (when given) and encode what it returns (``encode``: with the chain's ``"output"``
    schemas, or the ``"input"`` ones for the pass-through). A null value or key is not given to a converter."""
    decode, decode_key, decode_headers = codec.decode, codec.decode_key, codec.decode_headers
    if encode is not None:
        encode_value, encode_key, encode_headers = codec.encoders(encode)

    def loop():
        for data, key, partition, offset, timestamp, headers in messages:
            record = _new(Record, (topic, None if data is None else decode(data),
                                   None if key is None else decode_key(key), partition, offset, timestamp,
                                   decode_headers(headers) if headers else ()))
            if apply is not None:
                record = apply(record)
                if record is None:
                    continue
            if encode is not None:
                if record[1] is not None:
                    encode_value(record[1])
                if record[2] is not None:
                    encode_key(record[2])
                if record[6]:
                    encode_headers(record[6])
    return loop


def _apply_pass(apply, records):
    def loop():
        for record in records:
            apply(record)
    return loop


def _encode_pass(codec: Codec, records):
    encode, encode_key, encode_headers = codec.encoders("output")

    def loop():
        for record in records:
            if record[1] is not None:
                encode(record[1])
            if record[2] is not None:
                encode_key(record[2])
            if record[6]:
                encode_headers(record[6])
    return loop


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
