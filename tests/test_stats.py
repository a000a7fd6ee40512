"""Mann-Whitney U (bench/results/stats.py) against values worked out by hand and by scipy's documented examples."""

import math

import pytest

from bench.results.stats import _u_counts, mann_whitney_greater


def test_the_u_distribution_is_a_distribution():
    for m, n in [(1, 1), (3, 4), (8, 8)]:
        counts = _u_counts(m, n)
        assert sum(counts) == math.comb(m + n, m) and len(counts) == m * n + 1
        assert counts == counts[::-1]  # symmetric under H0


def test_exact_p_values():
    # Every B above every A: only 1 of C(8, 4) = 70 orderings is that extreme.
    assert mann_whitney_greater([1, 2, 3, 4], [5, 6, 7, 8]) == pytest.approx(1 / 70)
    assert mann_whitney_greater([5, 6, 7, 8], [1, 2, 3, 4]) == pytest.approx(1.0)
    # 8 against 8, fully separated: 1 / C(16, 8)
    assert mann_whitney_greater(list(range(8)), list(range(10, 18))) == pytest.approx(1 / 12870)


def test_interleaved_samples_are_not_significant():
    assert mann_whitney_greater([1, 3, 5, 7], [2, 4, 6, 8]) > 0.2


def test_ties_use_the_normal_approximation():
    p = mann_whitney_greater([1, 1, 2, 2, 3, 3] * 5, [2, 2, 3, 3, 4, 4] * 5)
    assert 0 < p < 0.001
    assert mann_whitney_greater([1, 1, 1], [1, 1, 1]) == pytest.approx(1.0, abs=0.5)
