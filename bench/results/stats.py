"""Mann-Whitney U, one-sided, for the timing gate: does sample B tend to be larger than sample A?

Exact (the permutation distribution of U) for small samples without ties, as per-process values from one
benchmark run are; the normal approximation with a tie correction otherwise.
"""

from __future__ import annotations

import math
from functools import lru_cache


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


@lru_cache(maxsize=None)
def _u_counts(m: int, n: int) -> tuple[int, ...]:
    """How many arrangements of m A's and n B's give each U (pairs with B after A), U = 0..m·n."""
    if m == 0 or n == 0:
        return (1,)
    counts = [0] * (m * n + 1)
    for u, c in enumerate(_u_counts(m - 1, n)):  # the largest value is an A: it adds nothing
        counts[u] += c
    for u, c in enumerate(_u_counts(m, n - 1)):  # the largest value is a B: it beats all m A's
        counts[u + m] += c
    return tuple(counts)


def mann_whitney_greater(a: list[float], b: list[float]) -> float:
    """p-value of "B is stochastically greater than A"."""
    m, n = len(a), len(b)
    if m == 0 or n == 0:
        raise ValueError("both samples need values")
    ranks = _ranks(list(a) + list(b))
    u = sum(ranks[m:]) - n * (n + 1) / 2  # pairs (a, b) with b > a, ties counting one half
    ties = len(set(a) | set(b)) < m + n
    if not ties and m * n <= 400:
        counts = _u_counts(m, n)
        at_least = sum(counts[math.ceil(u):])
        return at_least / math.comb(m + n, m)
    mean = m * n / 2
    tie_term = 0.0
    values = sorted(list(a) + list(b))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        t = j - i + 1
        tie_term += t ** 3 - t
        i = j + 1
    variance = m * n / 12 * ((m + n + 1) - tie_term / ((m + n) * (m + n - 1)))
    if variance <= 0:
        return 1.0
    z = (u - mean - 0.5) / math.sqrt(variance)
    return 0.5 * math.erfc(z / math.sqrt(2))
