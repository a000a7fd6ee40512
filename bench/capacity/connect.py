"""Latency in Connect's terms, and what the chain adds to it (docs/model.md, "What a Connect user means by latency").

A sink record's latency is: producer linger, the broker, the consumer's fetch, waiting in the task's poll loop, the
converters and the chain, the ``put()`` of its batch, then the sink's own flush policy. The model (model.py) gives
the task's part: queueing, the record's poll batch, converters, chain, and ``put()`` per batch (the deployment's
poll overhead). This module adds the fetch, which depends on the rate, not on the chain:

- A fetch returns once ``fetch.min.bytes`` are there, or after ``fetch.max.wait.ms``. The records of one fetch
  arrive over its window W = min(fetch.max.wait.ms, fetch.min.bytes / (the task's rate x bytes per record)), and
  each waits from its arrival to the window's end: Uniform(0, W). With Connect's default fetch.min.bytes of 1, a
  fetch returns with the first record: W = 0. (The consumer's prefetching while the task works is not credited:
  at the rates where W matters, the task idles.)

Producer linger and batching, the broker, the network and the sink's flush policy are not modelled, and the
reports say so. What the chain adds is the latency in the task with the chain minus that of the same pipeline
without it (its converters only), at the same rate: the part a user can act on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import Projection
from .tails import solve_quantile

#: Connect's sink consumer defaults (ConsumerConfig): a fetch returns with the first byte, or after 500 ms.
FETCH_MIN_BYTES, FETCH_MAX_WAIT_MS = 1, 500
#: The parts of a sink record's latency the model does not cover, said wherever a latency is shown.
NOT_MODELLED = ("the producer's linger.ms and batching, the broker and the network, and the sink's flush or commit "
                "policy (S3's flush.size and rotate.interval.ms, a JDBC sink's commits)")
_GRID = (np.arange(64) + 0.5) / 64  # where a record lands in its fetch window, for the p99


@dataclass(frozen=True)
class Fetch:
    """The sink consumer's fetch settings, and the mean bytes a record takes on the wire (value and key)."""

    min_bytes: int = FETCH_MIN_BYTES
    max_wait: float = FETCH_MAX_WAIT_MS / 1e3  # seconds
    record_bytes: float = 0.0

    def __post_init__(self):
        if self.min_bytes < 1 or not 0 <= self.max_wait < float("inf") or self.record_bytes < 0:
            raise ValueError("fetch.min.bytes must be at least 1, fetch.max.wait.ms a finite number, 0 or more, "
                             "and the bytes per record not negative")

    def window(self, task_rate: float) -> float:
        """Seconds a fetch of a task fed at ``task_rate`` records/s waits to fill: 0 when one record fills it."""
        if task_rate <= 0 or self.min_bytes <= max(self.record_bytes, 1.0):
            return 0.0
        if not self.record_bytes:  # bytes unknown: every fetch waits as long as it may
            return self.max_wait
        return min(self.max_wait, self.min_bytes / (task_rate * self.record_bytes))


@dataclass(frozen=True)
class Latency:
    """A record's latency in Connect (seconds): the fetch wait plus the time in the task. None: saturated."""

    mean: float | None
    p99: float | None
    fetch_mean: float = 0.0  # the fetch wait's part of the mean

    def meets(self, slo: float | None) -> bool | None:
        """Whether the p99 (with the fetch wait) is within the p99 SLO ``slo`` (seconds); None without one."""
        return None if slo is None else self.p99 is not None and self.p99 <= slo


def in_connect(projection: Projection, fetch: Fetch) -> Latency:
    """The fetch wait added to the projection's latency in the task: the mean adds half the busy tasks' windows;
    the p99 is solved over the sum, each task's tail convolved with a uniform wait over its window."""
    parts = [(share, queue, fetch.window(queue.rate)) for share, queue in projection.queues]
    if projection.saturated or projection.mean_latency is None:
        return Latency(None, None)
    if not any(window for _share, _queue, window in parts):
        return Latency(projection.mean_latency, projection.p99_latency)
    fetch_mean = sum(share * window / 2 for share, _queue, window in parts)

    def tail(t):
        return sum(share * (np.mean([queue.tail(t - u * window) for u in _GRID]) if window else queue.tail(t))
                   for share, queue, window in parts)
    return Latency(projection.mean_latency + fetch_mean, solve_quantile(tail), fetch_mean)


def to_us(seconds: float | None) -> float | None:
    """Seconds as µs for a report's figures (to the ns); None stays None (saturated: no latency)."""
    return None if seconds is None else round(seconds * 1e6, 3)


def added(with_chain: Projection, without: Projection | None) -> tuple[float | None, float | None]:
    """What the chain adds to the mean and p99 latency in the task (seconds): the projection with it minus the one
    without it at the same rate (``without`` None: nothing in the task but the chain, so all of it); None where
    either saturates. The fetch wait is the same on both sides and left out."""
    if with_chain.mean_latency is None or (without is not None and without.mean_latency is None):
        return None, None
    if without is None:
        return with_chain.mean_latency, with_chain.p99_latency
    return with_chain.mean_latency - without.mean_latency, with_chain.p99_latency - without.p99_latency
