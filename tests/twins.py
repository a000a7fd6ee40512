"""Helpers for differential tests: run a chain on every backend and insist on the python twin's result."""

from __future__ import annotations

import copy
import math
import warnings

import pytest

from transforms import ConfigWarning, TransformError, backends, build_chain
from transforms._env import NO_EXTENSIONS

#: The backends compared with the python twin (the reference). Differential tests need another one; in a
#: pure-Python run (SMTBENCH_NO_EXTENSIONS) there is none. A compiled backend that is missing otherwise fails
#: them loudly (build_chain raises).
OTHERS = [name for name in backends.names()[1:]
          if not backends.REGISTRY[name].kafka and not (backends.REGISTRY[name].compiled and NO_EXTENSIONS)]
needs_both_twins = pytest.mark.skipif(not OTHERS, reason="SMTBENCH_NO_EXTENSIONS is set: only the Python twin")


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


def _build(configs, backend):
    try:
        with warnings.catch_warnings():  # generated configs warn often (a bad reference, an unknown key): not the point
            warnings.simplefilter("ignore", ConfigWarning)
            return build_chain(configs, backend)
    except TransformError as exc:
        return ("error", type(exc).__name__, str(exc))


def assert_twins_agree(configs, records):
    """Every backend builds the chain (or fails the same way) and gives strictly the python twin's results on
    every record, and none changes its input."""
    reference = _build(configs, "python")
    for backend in OTHERS:
        other = _build(configs, backend)
        if isinstance(reference, tuple) or isinstance(other, tuple):
            assert reference == other, backend
            continue
        for record in records:
            before = copy.deepcopy(record)
            python, result = outcome(reference, record), outcome(other, record)
            assert strictly_equal(record, before), f"{backend} or python mutated its input"
            assert strictly_equal(python, result), f"python {python!r} != {backend} {result!r}"
