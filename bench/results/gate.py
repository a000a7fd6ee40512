"""Regression gates: a chain's costs against a stored baseline. Exit 0 within budget, 1 on a regression.

Two modes:
- ``instructions``: instructions per record under callgrind (bench/instructions.py). Identical from run to run,
  so a small budget (1%) never flaps; the default for CI.
- ``time``: each stage's cost relative to a fixed reference workload timed in the same rounds of the same
  processes (which cancels what the machine does to both), per worker process; a regression needs the one-sided
  Mann-Whitney test at p < 0.01 AND a median increase above the budget.
Improvements are reported and never fail the gate.
"""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BenchError
from .stats import mann_whitney_greater

BASELINE_VERSION = 1
DEFAULT_BUDGET = {"instructions": 1.0, "time": 10.0}  # percent; see benchmarks/gate_proof.py for the time one
ALPHA = 0.01
# Counts of these stages run through third-party C code (orjson, fastavro): compared only on the same versions.
CONVERTER_STAGES = ("decode", "encode", "pass-through", "end-to-end")
# What makes a baseline incomparable; CPU only matters to times.
_MUST_MATCH = {"instructions": ("python", "implementation", "cython", "machine", "libc"),
               "time": ("python", "implementation", "cython", "machine", "libc", "cpu")}


def environment() -> dict:
    from ..measure.instructions import environment as instruction_environment

    env = instruction_environment()
    env["cpu"] = _cpu_model()
    return env


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def make_baseline(mode: str, chain_name: str, benchmarks: dict, env: dict, messages: str) -> dict:
    return {"smtbench_baseline": BASELINE_VERSION, "mode": mode, "chain": chain_name,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), "environment": env,
            "messages": messages, "benchmarks": benchmarks}


def load_baseline(path: Path, mode: str) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchError("no such baseline; create it with --update-baseline", path=path) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise BenchError(f"not a readable baseline: {exc}", path=path) from None
    if not isinstance(doc, dict) or doc.get("smtbench_baseline") != BASELINE_VERSION:
        raise BenchError("not an smtbench baseline (written by python -m bench gate --update-baseline)", path=path)
    if doc.get("mode") != mode:
        raise BenchError(f"this baseline holds {doc.get('mode')} figures, not {mode}: pass --mode "
                         f"{doc.get('mode')} or another baseline", path=path)
    return doc


def check_compatible(baseline: dict, env: dict, messages: str, path: Path) -> list[str]:
    """BenchError naming every difference that makes the baseline incomparable; notes for the others."""
    mode, old = baseline["mode"], baseline["environment"]
    differ = [f"{key} {old.get(key)} -> {env.get(key)}" for key in _MUST_MATCH[mode] if old.get(key) != env.get(key)]
    if differ:
        raise BenchError(f"the baseline comes from another environment ({'; '.join(differ)}): its figures do "
                         "not compare; update it on this one with --update-baseline", path=path)
    if baseline["messages"] != messages:
        raise BenchError("the baseline measured other messages (the chain file's messages: block or the sample "
                         "changed): update it with --update-baseline", path=path)
    notes = []
    if mode == "instructions" and old.get("cpu") != env.get("cpu"):
        notes.append(f"note: another CPU ({old.get('cpu')} -> {env.get('cpu')}); instruction counts rarely "
                     "depend on it")
    return notes


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


def relative_samples(summary: dict) -> dict:
    """{benchmark: per-process costs relative to the reference} from a summary.json (or a time baseline)."""
    if summary.get("smtbench_baseline"):
        return {name: b["relative"] for name, b in summary["benchmarks"].items()}
    return {s["name"]: s["relative_to_reference"]["process_values"] for s in summary["stages"]
            if s["stage"] != "reference" and "relative_to_reference" in s}


def render(found: list[Finding], unit: str) -> str:
    lines = []
    for f in found:
        if f.verdict in ("regression", "improvement"):
            lines.append(f"{f.verdict.upper()}: {f.name}: {f.before:,.1f} -> {f.after:,.1f} {unit} "
                         f"({f.change:+.2%}, budget {f.budget:g}%){' [' + f.note + ']' if f.note else ''}")
        elif f.verdict in ("new", "gone", "skipped"):
            lines.append(f"{f.verdict}: {f.name}{': ' + f.note if f.note else ''}")
    regressions = sum(f.verdict == "regression" for f in found)
    checked = sum(f.verdict in ("ok", "regression", "improvement") for f in found)
    lines.append(f"gate {'FAILED' if regressions else 'passed'}: {regressions} regression(s) in {checked} "
                 f"benchmarks ({unit})")
    return "\n".join(lines)
