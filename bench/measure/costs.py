"""Each record's own cost, for the latency model: it needs the shape of the per-record distribution (a few slow
records make the p99), which a pass's mean cannot give; the harness gives the level."""

from __future__ import annotations

import time

from transforms import Record

from .cells import Cells
from .workload import Workload, decoder

_new = tuple.__new__


def record_costs_by_option(workload: Workload) -> dict:
    """Seconds per record, each record timed on its own: decode, chain and encode on every backend, and (when
    there is a converter) decode and encode alone, ``"pass-through"``."""
    # Timed beside the cells, as in a harness worker: their records stay alive, so the garbage collector's pauses
    # weigh on the tail as they do there (without them, the p99 of a record's cost falls by a fifth).
    cells = Cells(workload)
    convert = workload.converter()
    decode = decoder(convert)
    encode = convert.encode if convert is not None else None
    costs = {backend: _each(workload, decode, chain.apply, encode) for backend, chain in cells.chains.items()}
    if convert is not None:
        costs["pass-through"] = _each(workload, decode, None, convert.encode_input)
    return costs


def _each(workload: Workload, decode, apply, encode) -> list[float]:
    # The steps of cells.message_pass, with the clock read around each record (a call per record would add its
    # own cost to every sample, and flatten the distribution's shape).
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
