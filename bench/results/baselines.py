"""Baselines: the figures a gate compares a run with, stored as JSON, and whether two environments compare at all.
Also reads a saved run back (summary.json, or a time baseline) for ``compare``."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from ..errors import BenchError
from .results import Results

BASELINE_VERSION = 1
# What makes a baseline incomparable; CPU only matters to times.
_MUST_MATCH = {"instructions": ("python", "implementation", "cython", "machine", "libc"),
               "time": ("python", "implementation", "cython", "machine", "libc", "cpu")}


def make_baseline(mode: str, chain_name: str, benchmarks: dict, env: dict, messages: str) -> dict:
    return {"smtbench_baseline": BASELINE_VERSION, "mode": mode, "chain": chain_name,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), "environment": env,
            "messages": messages, "benchmarks": benchmarks}


def time_benchmarks(results: Results) -> dict:
    """What a time baseline keeps of a run: each stage's per-process costs relative to the reference workload."""
    return {s.name: {"stage": s.stage, "backend": s.backend, "relative": s.relative_to_reference.process_values,
                     "ns_per_record": s.ns_per_record.median}
            for s in results.stages if s.name in results.relative_samples()}


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


def relative_samples(doc: dict) -> dict:
    """{benchmark: per-process costs relative to the reference} from a summary.json or a time baseline."""
    if doc.get("smtbench_baseline"):
        return {name: b["relative"] for name, b in doc["benchmarks"].items()}
    return {s["name"]: s["relative_to_reference"]["process_values"] for s in doc["stages"]
            if s["stage"] != "reference" and "relative_to_reference" in s}


def read_relative_samples(path: Path) -> dict:
    """``relative_samples`` of a saved run's file; a BenchError when it is not one."""
    try:
        return relative_samples(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BenchError("no such file", path=path) from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BenchError("not a summary.json of python -m bench (0.1+) or a time baseline", path=path) from None
