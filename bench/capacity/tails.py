"""The latency tails behind the capacity model's p99 (docs/model.md), and the root finding that reads a quantile off a
tail. Each tail is a function t -> P(T > t) of one task's sojourn T, so the model can mix the tasks' tails.

- ``mg1_tail``: the M/G/1 exact-decay tail, which the model stretches for the poll loop (h = 0).
"""

from __future__ import annotations

import numpy as np

P99 = 0.99


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
