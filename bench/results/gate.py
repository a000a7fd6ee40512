"""Regression gates: a chain's costs against a stored baseline. Exit 0 within budget, 1 on a regression.

Two modes:
- ``instructions``: instructions per record under callgrind (measure/instructions.py). Identical from run to run,
  so a small budget (1%) never flaps; the default for CI.
- ``time``: each stage's cost relative to a fixed reference workload timed in the same rounds of the same
  processes (which cancels what the machine does to both), per worker process; a regression needs the one-sided
  Mann-Whitney test at p < 0.01 AND a median increase above the budget.
Improvements are reported and never fail the gate.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import BenchError
from .baselines import read_relative_samples
from .stats import mann_whitney_greater

DEFAULT_BUDGET = {"instructions": 1.0, "time": 10.0}  # percent; see benchmarks/gate_proof.py for the time one
ALPHA = 0.01
# Counts of these stages run through third-party C code (orjson, fastavro): compared only on the same versions.
CONVERTER_STAGES = ("decode", "encode", "pass-through", "end-to-end")
INSTRUCTIONS_UNIT, TIME_UNIT = "instructions/record", "x the reference workload"


@dataclass
class Finding:
    name: str
    before: float | None
    after: float | None
    budget: float
    verdict: str  # ok, regression, improvement, new, gone, skipped
    note: str = ""

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None or self.before == 0:
            return None
        return self.after / self.before - 1


def budgets(chain, override: float | None, mode: str):
    """Per-benchmark budget (percent): --max-regression, else the chain file's gate: block, else the default."""
    if override is not None:
        return lambda name: override
    default = chain.gate.get("max_regression_pct", DEFAULT_BUDGET[mode])
    per_benchmark = chain.gate.get("benchmarks", {})
    return lambda name: per_benchmark.get(name, default)


def compare_instructions(baseline: dict, current: dict, env: dict, budget) -> list[Finding]:
    same_converters = baseline["environment"].get("converters") == env.get("converters")
    found = []
    for name in sorted(set(baseline["benchmarks"]) | set(current)):
        old, new = baseline["benchmarks"].get(name), current.get(name)
        if old is None or new is None:
            found.append(Finding(name, old and old["per_record"], new and new["per_record"], budget(name),
                                 "new" if old is None else "gone"))
            continue
        if new["stage"] in CONVERTER_STAGES and not same_converters:
            found.append(Finding(name, old["per_record"], new["per_record"], budget(name), "skipped",
                                 f"converter versions differ ({baseline['environment'].get('converters')} -> "
                                 f"{env.get('converters')})"))
            continue
        finding = Finding(name, old["per_record"], new["per_record"], budget(name), "ok")
        if finding.change * 100 > finding.budget:
            finding.verdict = "regression"
        elif finding.change * 100 < -finding.budget:  # symmetric: smaller moves are layout, not a change
            finding.verdict = "improvement"
        found.append(finding)
    return found


def compare_samples(before: dict, after: dict, budget) -> list[Finding]:
    """Time mode: per-process relative costs {benchmark: [values]} before and after."""
    found = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if not old or not new:
            found.append(Finding(name, old and statistics.median(old), new and statistics.median(new),
                                 budget(name), "new" if not old else "gone"))
            continue
        finding = Finding(name, statistics.median(old), statistics.median(new), budget(name), "ok")
        worse = mann_whitney_greater(old, new)
        better = mann_whitney_greater(new, old)
        finding.note = f"p={worse:.3g}, {len(old)} vs {len(new)} processes"
        if worse < ALPHA and finding.change * 100 > finding.budget:
            finding.verdict = "regression"
        elif better < ALPHA and finding.change < 0:
            finding.verdict = "improvement"
        found.append(finding)
    return found


def compare_saved(before: Path, after: Path, max_regression: float) -> list[Finding]:
    """Two saved runs (summary.json, or time baselines), compared as the time gate does."""
    old, new = read_relative_samples(before), read_relative_samples(after)
    both = set(old) & set(new)
    if both:
        check_power(min(len(old[name]) for name in both), min(len(new[name]) for name in both))
    return compare_samples(old, new, lambda name: max_regression)


def smallest_p(before: int, after: int) -> float:
    """The smallest p the one-sided Mann-Whitney test can give with ``before`` and ``after`` processes: every
    process after costlier than every one before."""
    return 1 / math.comb(before + after, before)


def check_power(before: int, after: int) -> None:
    """Refuse (a BenchError, exit 2) a time comparison whose test cannot reach ALPHA: it could never fail."""
    if smallest_p(before, after) < ALPHA:
        return
    each = next(k for k in range(1, 100) if smallest_p(k, k) < ALPHA)
    raise BenchError(f"a time comparison of {before} process(es) before against {after} after cannot find a "
                     f"regression: its test's smallest p is {smallest_p(before, after):.3f}, never below {ALPHA:g}. "
                     f"Measure at least {each} processes on each side (python -m bench runs 8, --rigorous 16; the "
                     "time gate measures 16 unless --quick)")


def failed(found: list[Finding]) -> bool:
    return any(f.verdict == "regression" for f in found)


def in_order(found: list[Finding]) -> list[Finding]:
    """Every finding by name, regressions last (where a reader's eye ends)."""
    return sorted(found, key=lambda f: (f.verdict == "regression", f.name))


def to_json(found: list[Finding], unit: str) -> dict:
    """The findings for machines (``--json``): every benchmark before, after, change, budget and verdict."""
    return {"unit": unit, "passed": not failed(found), "regressions": sum(f.verdict == "regression" for f in found),
            "benchmarks": [dict(asdict(f), change=f.change) for f in in_order(found)]}
