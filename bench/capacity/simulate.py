"""A discrete-event simulation of Connect's sink poll loop, to check the model's formulas (docs/model.md).

One task: records arrive (Poisson, or in producer bursts of X); the task polls every buffered record (at most
``max.poll.records`` b), processes them one by one, then calls ``put()`` for the batch, which costs h. A record is
done when that ``put()`` returns. When nothing is buffered, poll returns with the next record that arrives.
With b = 1 and h = 0 this is exactly an M/G/1 queue.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import queue


@dataclass
class SimResult:
    records: int  # records measured (after the warm-up)
    mean: float  # mean sojourn, seconds
    p99: float
    p50: float
    mean_wait: float  # mean time before service starts (the M/G/1 Wq when b = 1, h = 0)
    utilisation: float  # fraction of time busy processing records or in put()


def arrivals(rate: float, count: int, rng: np.random.Generator, burst: int = 1) -> np.ndarray:
    """Arrival times of ``count`` records: Poisson at ``rate``, or bursts of ``burst`` records at rate/burst."""
    epochs = -(-count // burst)
    times = np.cumsum(rng.exponential(burst / rate, epochs))
    return np.repeat(times, burst)[:count]


def run(arrival: np.ndarray, service: np.ndarray, poll_overhead: float = 0.0, max_poll: int = 500,
        warmup: float = 0.05) -> SimResult:
    """Simulate the poll loop over given arrival times and per-record service times (seconds)."""
    arrive = arrival.tolist()
    serve = service.tolist()
    n = len(arrive)
    done = [0.0] * n
    start = [0.0] * n
    clock, i, busy = 0.0, 0, 0.0
    while i < n:
        if arrive[i] > clock:
            clock = arrive[i]  # idle: poll returns when the next record arrives
        j = i + 1
        while j < n and j - i < max_poll and arrive[j] <= clock:
            j += 1
        batch_start = clock
        for k in range(i, j):
            start[k] = clock
            clock += serve[k]
        clock += poll_overhead  # put() for the whole batch
        busy += clock - batch_start
        for k in range(i, j):
            done[k] = clock
        i = j
    skip = int(n * warmup)  # the empty system at the start is not typical
    sojourn = np.asarray(done[skip:]) - arrival[skip:]
    wait = np.asarray(start[skip:]) - arrival[skip:]
    return SimResult(records=n - skip, mean=float(sojourn.mean()), p99=float(np.quantile(sojourn, 0.99)),
                     p50=float(np.median(sojourn)), mean_wait=float(wait.mean()), utilisation=busy / clock)


def simulate(rate: float, service_samples, count: int, *, poll_overhead: float = 0.0, max_poll: int = 500,
             burst: int = 1, seed: int = 1) -> SimResult:
    """Poisson (or bursty) arrivals at ``rate`` and service times drawn from ``service_samples``."""
    rng = np.random.default_rng(seed)
    service = rng.choice(np.asarray(service_samples, dtype=float), size=count)
    return run(arrivals(rate, count, rng, burst), service, poll_overhead, max_poll)


def check_model(rate: float, service, deployment, records: int, seed: int = 1) -> dict:
    """One task's mean and p99 from the model beside the simulation's (no simulation when the model says the task
    saturates: it has no latency then)."""
    model = queue(rate, service, deployment)
    sim = None
    if not model.saturated:
        sim = simulate(rate, service.samples, records, poll_overhead=deployment.poll_overhead,
                       max_poll=deployment.max_poll_records, burst=deployment.burst, seed=seed)
    return {
        "rate": rate, "utilisation": model.utilisation, "saturated": model.saturated,
        "model": {"mean_us": None if model.mean is None else model.mean * 1e6,
                  "p99_us": None if model.p99 is None else model.p99 * 1e6, "method": model.method},
        "simulated": None if sim is None else {"records": sim.records, "mean_us": sim.mean * 1e6,
                                               "p50_us": sim.p50 * 1e6, "p99_us": sim.p99 * 1e6,
                                               "busy": sim.utilisation},
    }
