"""Each record's own cost, for the latency model: it needs the shape of the per-record distribution (a few slow
records make the p99), which a pass's mean cannot give; the harness gives the level."""

from __future__ import annotations

import time

from .cells import message_pass
from .workload import Workload, decoder


def record_costs_by_option(workload: Workload) -> dict:
    """Seconds per record, each record timed on its own: decode, chain and encode on every backend, and (when
    there is a converter) decode and encode alone, ``"pass-through"``."""
    convert = workload.converter()
    encode = convert.encode if convert is not None else None
    decode = decoder(convert)
    costs = {backend: _each(workload, decode, workload.chain(backend).apply, encode) for backend in workload.backends}
    if convert is not None:
        costs["pass-through"] = _each(workload, decode, None, convert.encode_input)
    return costs


def _each(workload: Workload, decode, apply, encode) -> list[float]:
    loops = [message_pass(workload.topic, [message], decode, apply, encode) for message in workload.wire]
    clock, costs = time.perf_counter, []
    for loop in loops:
        start = clock()
        loop()
        costs.append(clock() - start)
    return costs
