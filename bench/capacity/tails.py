"""The latency tails behind the capacity model's p99 (docs/model.md), and the root finding that reads a quantile off a
tail. Each tail is a function t -> P(T > t) of one task's sojourn T, so the model can mix the tasks' tails.

- ``poll_loop_sojourns``: the sojourn of the sink poll loop with no ``put()`` cost (h = 0), sampled exactly from the
  loop's batch structure (seeded, the same draws every call). The model uses it up to ``SAMPLED_UP_TO``.
- ``mg1_tail``: the M/G/1 exact-decay tail, stretched for the poll loop past that, where sampling grows costly.
- ``poll_loop_tail``: the h = 0 tail the model uses, one or the other by the load.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

P99 = 0.99
#: The h = 0 loop is sampled up to SAMPLED_UP_TO (its cost grows as 1/(1−ρ), to the exact-decay tail's at 0.8); from
#: MIXED_FROM the two tails are mixed linearly, so that the p99 has no step where the method changes.
MIXED_FROM, SAMPLED_UP_TO = 0.7, 0.8
_DRAWS = 20_000
_POOL = 1 << 14  # arrivals at least in the fixed Poisson process the chain's windows are cut from
_CELLS = 1 << 16  # quantiles in the length-biased services' table
_SEED = 13


def _doubled(bound: float) -> float:
    """The next upper bound of a bisection's bracket: a bracket that overflows means inputs the model cannot take
    (a negative or non-finite rate), and stops here rather than doubling forever."""
    if not bound * 2 < 1e300:
        raise ValueError("the model's figures overflow for these inputs (a rate or cost out of range)")
    return bound * 2


def solve_quantile(tail, q: float = P99) -> float:
    """The t with P(T > t) = 1 − q, for a decreasing tail."""
    return _solve(tail, 1 - q)


def _solve(tail, target: float = 1 - P99) -> float:
    """The t with tail(t) = target, for a decreasing tail."""
    lo, hi = 0.0, 1e-6
    while tail(hi) > target:
        lo, hi = hi, _doubled(hi)
    for _ in range(64):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if tail(mid) > target else (lo, mid)
    return hi


def _theta(rate: float, samples: np.ndarray) -> float:
    """The decay rate θ > 0 solving λ(E[e^{θS}] − 1) = θ (f is convex, f(0) = 0, f'(0) = ρ − 1 < 0)."""
    def f(theta):
        with np.errstate(over="ignore"):
            return rate * np.mean(np.expm1(theta * samples)) - theta  # expm1: exact where θS is tiny
    lo, hi = 0.0, 1.0 / samples.mean()
    while f(hi) < 0:
        lo, hi = hi, _doubled(hi)
    for _ in range(64):  # halves the bracket past double precision
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def mg1_tail(rate: float, service):
    """P(T > t) for the M/G/1 sojourn T = Wq + S, exact-decay method: P(Wq > x) = C·e^{−θx} with
    θ from the measured samples and C = θ·E[Wq]; then P(T > t) = mean over samples of P(Wq > t − s)."""
    es, samples = service.mean, service.samples
    rho = rate * es
    theta = _theta(rate, samples)
    c = theta * rate * service.m2 / (2 * (1 - rho))

    def tail(t):
        y = t - samples
        return float(np.mean(np.where(y < 0, 1.0, np.minimum(1.0, c * np.exp(-theta * np.maximum(y, 0.0))))))
    return tail


@lru_cache(maxsize=4)
def _arrivals(size: int) -> tuple:
    """A fixed Poisson process of rate 1, ``size`` arrivals repeated over and over, which the chain cuts its windows
    from; and, for each cell of a grid over it (4 to an arrival), the arrivals before the cell, so that counting the
    arrivals up to a time is a look-up and a step or two (a binary search for each time costs some 50 times more)."""
    clock = np.concatenate(([0.0], np.cumsum(np.random.default_rng(_SEED).exponential(1.0, size))))
    clock *= size / clock[-1]  # a rate of exactly 1: near capacity a small error in the load is a large one in T
    cells = np.minimum((clock[1:] * 4).astype(np.int64), 4 * size - 1)
    return clock, np.concatenate(([0], np.cumsum(np.bincount(cells, minlength=4 * size))[:-1]))


def _count(clock: np.ndarray, before: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The arrivals of the process at or before each time x (0 <= x < one round of it)."""
    count = before[np.minimum((x * (len(before) / clock[-1])).astype(np.int64), len(before) - 1)]
    ahead = np.flatnonzero(clock[count + 1] <= x)  # a cell holds a few arrivals at most
    while ahead.size:
        count[ahead] += 1
        ahead = ahead[clock[count[ahead] + 1] <= x[ahead]]
    return count


def poll_loop_sojourns(rate: float, samples: np.ndarray) -> np.ndarray:
    """Sorted sojourns of records that arrive while the task is busy, in the poll loop with h = 0 (batches taken as
    uncapped, as in the mean formula). A record that finds the task idle is done after its own service.

    Batch k+1 is the records that arrived during batch k. A record arriving a fraction U into a batch of length C is
    done when the next batch ends: T = (1−U)·C + S + (the services of the Poisson(λC) other arrivals during C). The
    batch a busy arrival lands in is C_m, m geometric with P(m) = (1−ρ)ρ^m (a length-biased batch of the branching
    process the batches form), built by m steps of C ← S* + (services of the Poisson(λC) arrivals during C) from
    C = S*, S* a length-biased service. Its mean gives the poll-batch mean formula exactly.

    Common random numbers: each draw belongs to one sample and one depth of its chain, and the arrivals are windows
    of one fixed Poisson process, so a higher rate never shortens a sample and the p99 rises with the rate. The part
    past a record's own service is scaled to its exact mean, (ρ + ½)·E[S²]/(E[S](1 − ρ²))."""
    rng, draws = np.random.default_rng(_SEED), _DRAWS
    rho = rate * float(samples.mean())
    size = len(samples) * -(-_POOL // len(samples))
    clock, before = _arrivals(size)
    # The arrivals' services: every sample equally often, as near capacity a small error in E[S] or E[S²] is a large
    # one in the batches.
    work = np.concatenate(([0.0], np.cumsum(np.resize(rng.permutation(samples), size))))
    ordered = np.sort(samples)  # length-biased picks: _CELLS quantiles of the samples weighted by their length
    weight = np.cumsum(ordered) * (_CELLS / max(ordered.sum(), 1e-300))
    biased = ordered[np.minimum(np.cumsum(np.bincount(np.clip(np.ceil(weight - 0.5).astype(np.int64), 0, _CELLS),
                                                      minlength=_CELLS + 1))[:_CELLS], len(ordered) - 1)]

    def arrivals(c, starts):
        """The services that arrive in c seconds, from each start (an arrival of the process) on."""
        laps, rest = np.divmod(clock[starts] + rate * c, clock[-1])
        return laps * work[-1] + work[_count(clock, before, rest)] - work[starts]

    def depth(d, live):
        """The draws at depth d of the chain (0: the batch the record lands in) for its first ``live`` samples: a
        length-biased service and a start in the process (depth -1: the start of the record's own batch)."""
        u = (np.random.default_rng([_SEED, d + 1]).random((live, 2)) * [_CELLS, size]).astype(np.int64)
        return biased[u[:, 0]], u[:, 1]

    # Stratified (one draw in each 1/draws of the probability), and in order, so that the longest chains come first
    # at any load: the samples live at a depth are a prefix.
    strata = (np.arange(draws) + rng.random(draws)) / draws
    chain = np.floor(np.log1p(-strata) / np.log(rho)).astype(np.int64)[::-1] if rho > 0 else \
        np.zeros(draws, np.int64)
    live = np.cumsum(np.bincount(chain)[::-1])[::-1]  # live[d]: the samples whose chain reaches depth d
    batch = np.zeros(draws)
    for d in range(len(live) - 1, -1, -1):  # the oldest batch first: a deeper chain only lengthens a sample
        picked, starts = depth(d, live[d])
        batch[:live[d]] = picked + arrivals(batch[:live[d]], starts)
    extra = rng.permutation(strata) * batch + arrivals(batch, depth(-1, draws)[1])  # the sojourn past its own service
    if extra.mean() > 0:  # scaled to its exact mean: a control variate that takes a third off the p99's sampling error
        extra *= (rho + 0.5) * float(np.mean(samples ** 2)) / float(samples.mean()) / (1 - rho * rho) / extra.mean()
    sojourn = np.resize(rng.permutation(samples), draws) + extra
    sojourn.sort()
    return sojourn


def _sampled_tail(rate: float, service):
    """P(T > t) for the h = 0 poll loop, sampled: the idle arrivals (1 − ρ of them) take their own service, the busy
    ones the sampled sojourns."""
    rho = rate * service.mean
    busy, own = poll_loop_sojourns(rate, service.samples), np.sort(service.samples)

    def tail(t):
        return ((1 - rho) * (1 - np.searchsorted(own, t, side="right") / len(own))
                + rho * (1 - np.searchsorted(busy, t, side="right") / len(busy)))
    return tail


def poll_loop_tail(rate: float, service) -> tuple:
    """P(T > t) for the poll loop with h = 0, and the method's name: sampled up to ``MIXED_FROM``, the exact-decay
    tail stretched by the batch formula's (2ρ+1)/(1+ρ) past ``SAMPLED_UP_TO``, the two mixed linearly between."""
    rho = rate * service.mean
    sampled = _sampled_tail(rate, service) if rho < SAMPLED_UP_TO else None
    if rho <= MIXED_FROM:
        return sampled, "sampled poll-loop batches"
    mg1, stretch = mg1_tail(rate, service), (2 * rho + 1) / (1 + rho)
    if sampled is None:
        return (lambda t: mg1(t / stretch)), "exact-decay tail, poll-batch stretch"
    share = (rho - MIXED_FROM) / (SAMPLED_UP_TO - MIXED_FROM)
    return ((lambda t: (1 - share) * sampled(t) + share * mg1(t / stretch)),
            f"sampled poll-loop batches mixed with {share:.0%} of the stretched exact-decay tail")
