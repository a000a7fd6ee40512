"""Helpers for differential tests: run a chain on both twins and insist on the same result."""

from __future__ import annotations

import copy
import math

import pytest

from transforms import TransformError, build_chain
from transforms._env import NO_EXTENSIONS

#: Differential tests need both twins; in a pure-Python run there is only one. (A cython build that is missing
#: without SMTBENCH_NO_EXTENSIONS fails them loudly instead.)
needs_both_twins = pytest.mark.skipif(NO_EXTENSIONS, reason="SMTBENCH_NO_EXTENSIONS is set: only the Python twin")


def strictly_equal(a, b) -> bool:
    """``==`` that also insists on the same types all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(strictly_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(strictly_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def outcome(chain, record):
    """What applying the chain gives: ("ok", record) or ("error", type, message)."""
    try:
        return ("ok", chain.apply(record))
    except TransformError as exc:
        return ("error", type(exc).__name__, str(exc))


def assert_twins_agree(configs, records):
    """Both backends build the chain (or fail the same way), then give strictly equal results on every record,
    and neither changes its input."""
    built = {}
    for backend in ("python", "cython"):
        try:
            built[backend] = build_chain(configs, backend)
        except TransformError as exc:
            built[backend] = ("error", type(exc).__name__, str(exc))
    if isinstance(built["python"], tuple) or isinstance(built["cython"], tuple):
        assert built["python"] == built["cython"]
        return
    for record in records:
        before = copy.deepcopy(record)
        python, cython = outcome(built["python"], record), outcome(built["cython"], record)
        assert strictly_equal(record, before), "a twin mutated its input"
        assert strictly_equal(python, cython), f"python {python!r} != cython {cython!r}"
