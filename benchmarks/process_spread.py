"""How far apart do one run's per-process medians lie, per mode, on this machine, quiet and busy? What the
thresholds of bench/results/spread.py were set from.

    python benchmarks/process_spread.py [CHAIN] [--runs 6] [--modes quick,default,rigorous] [--backends B,..]
    python benchmarks/process_spread.py --summaries DIR   # the runs' summary.json files under DIR instead

Runs ``python -m bench CHAIN --json`` ``runs`` times per mode, one after another, and prints, for every stage the
decision reads (spread.CHECKED), backend and clock, the highest process median over the lowest
(``NsPerRecord.disagreement``): its median and largest over the quiet runs and over the busy ones, beside the
mode's threshold, and how many runs of each warned. A run is busy when, in some process, the reference workload
(pure CPU work, timed in every round) ran over 1.1x its CPU time in wall time: something kept it off its core.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.results import spread
from bench.results.results import DIFFER, Results

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "orders.yaml"


def run(chain: Path, flags: list[str]) -> Results:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "bench", str(chain), "--json", "--out", f"{tmp}/run", *flags],
                              capture_output=True, text=True, check=True)
    return Results.from_json(json.loads(done.stdout))


def busy(results: Results) -> bool:
    """Some process's reference workload ran over (1 + DIFFER) times its CPU time in wall time."""
    ref = results.stage("reference")
    if ref is None or ref.cpu_ns_per_record is None:
        return False
    pairs = zip(ref.ns_per_record.process_medians, ref.cpu_ns_per_record.process_medians)
    return any(wall > (1 + DIFFER) * cpu for wall, cpu in pairs)


def spreads(results: Results) -> dict:
    """(stage, backend, clock, how many processes) -> highest over lowest process median."""
    found = {}
    for s in results.stages:
        for clock, figures in (("wall", s.ns_per_record), ("cpu", s.cpu_ns_per_record)):
            if s.stage in spread.CHECKED and figures is not None and len(figures.process_medians) > 1:
                found[s.stage, s.backend or "-", clock, len(figures.process_medians)] = figures.disagreement
    return found


def report(mode: str, runs: list[Results]) -> None:
    found: dict = {}
    for results in runs:
        for key, value in spreads(results).items():
            found.setdefault(key, ([], []))[busy(results)].append(value)
    warned = [sum(bool(spread.warnings(r)) for r in runs if busy(r) == kind) for kind in (False, True)]
    print(f"\n{mode}: {sum(not busy(r) for r in runs)} quiet runs ({warned[0]} warned), "
          f"{sum(busy(r) for r in runs)} busy ({warned[1]} warned)")
    print(f"{'stage':<14}{'backend':<9}{'clock':<6}{'n':>3}{'quiet median':>14}{'max':>6}{'busy median':>13}{'max':>6}"
          f"{'expected':>10}")
    for (stage, backend, clock, n), kinds in sorted(found.items()):
        cells = "".join(f"{'-':>{w}}{'-':>6}" if not values else
                        f"{sorted(values)[len(values) // 2]:>{w}.2f}{max(values):>6.2f}"
                        for w, values in zip((14, 13), kinds))
        expected = spread.expected(mode, None if backend == "-" else backend)
        print(f"{stage:<14}{backend:<9}{clock:<6}{n:>3}{cells}{'-' if expected is None else f'{expected:g}':>10}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chain", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--modes", default="quick,default,rigorous")
    parser.add_argument("--backends", default="python,cython")
    parser.add_argument("--summaries", type=Path, help="read the summary.json files under this folder instead")
    args = parser.parse_args()
    by_mode: dict = {}
    if args.summaries:
        for path in sorted(args.summaries.rglob("summary.json")):
            results = Results.from_json(json.loads(path.read_text(encoding="utf-8")))
            by_mode.setdefault(results.mode, []).append(results)
    else:
        for mode in args.modes.split(","):
            flags = ["--backends", args.backends] + ([] if mode == "default" else [f"--{mode}"])
            by_mode[mode] = [run(args.chain, flags) for _ in range(args.runs)]
    for mode, runs in by_mode.items():
        report(mode, runs)


if __name__ == "__main__":
    main()
