"""Each record's own cost, for the latency model: it needs the shape of the per-record distribution (a few slow
records make the p99), which a pass's mean cannot give; the harness gives the level."""

from __future__ import annotations

import time

import numpy as np

from transforms import Record

from .cells import Cells
from .workload import Workload

_new = tuple.__new__


def record_costs_by_option(workload: Workload) -> dict:
    """Seconds per record, each record timed on its own: decode, chain and encode on every backend, and (when
    there is a converter) decode and encode alone, ``"pass-through"``."""
    # Timed beside the cells, as in a harness worker: their records stay alive, so the garbage collector's pauses
    # weigh on the tail as they do there (without them, the p99 of a record's cost falls by a fifth).
    cells = Cells(workload)
    codec = workload.codec()
    encodes = workload.converter() is not None
    costs = {backend: _each(workload, codec, chain.apply, "output" if encodes else None)
             for backend, chain in cells.chains.items()}
    if encodes:
        costs["pass-through"] = _each(workload, codec, None, "input")
    return costs


#: Passes over the records, each record's cost the median of its passes. The machine takes the core away at random
#: moments (a 10 ms pause on a busy machine), which one pass would keep as a record's cost and the model as a
#: heavy tail; the garbage collector runs after a fixed count of allocations, so at the same records in every pass,
#: and the median keeps it.
PASSES = 3


def _each(workload: Workload, codec, apply, encode: str | None) -> list[float]:
    """Each record's cost: the median of PASSES passes."""
    return np.median([_pass(workload, codec, apply, encode) for _ in range(PASSES)], axis=0).tolist()


def _pass(workload: Workload, codec, apply, encode: str | None) -> list[float]:
    # The steps of cells.message_pass, with the clock read around each record (a call per record would add its
    # own cost to every sample, and flatten the distribution's shape).
    topic, clock, costs = workload.topic, time.perf_counter, []
    decode, decode_key, decode_headers = codec.decode, codec.decode_key, codec.decode_headers
    if encode is not None:
        encode_value, encode_key, encode_headers = codec.encoders(encode)
    for data, key, partition, offset, timestamp, headers in workload.wire:
        start = clock()
        record = _new(Record, (topic, None if data is None else decode(data), None if key is None else decode_key(key),
                               partition, offset, timestamp, decode_headers(headers) if headers else ()))
        if apply is not None:
            record = apply(record)
        if record is not None and encode is not None:
            if record[1] is not None:
                encode_value(record[1])
            if record[2] is not None:
                encode_key(record[2])
            if record[6]:
                encode_headers(record[6])
        costs.append(clock() - start)
    return costs
