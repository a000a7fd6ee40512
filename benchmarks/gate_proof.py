"""How often do the gates cry wolf, and how often do they catch a real slowdown?

    python benchmarks/gate_proof.py [--runs 10] [--gates instructions,time]

For each gate: one baseline, then ``runs`` checks of the unchanged chain (A/A: any regression is a false alarm)
and ``runs`` checks with one transform doing 2%, 5% and 10% more work (benchmarks/probes/busy.py ``Work``: the
detection rate is how often the gate fails naming it). The time gate's runs are evaluated at several budgets
from the same measurements. Prints the rates, the thresholds used, wall times and valgrind's slowdown.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.results import baselines, gate

HERE = Path(__file__).resolve().parent
UNITS = 300  # the Work transform's loop steps per record (2% more: 6 more steps)
SLOWDOWNS = (0, 2, 5, 10)
TIME_BUDGETS = (2.0, 5.0, 10.0)


def chain_file(folder: Path, slowdown: int, count: int) -> Path:
    """The probe chain with ``slowdown`` percent more work; ``count`` records (exact counts need few)."""
    path = folder / f"chain-{slowdown}-{count}.yaml"
    units = round(UNITS * (1 + slowdown / 100))
    path.write_text(f"""name: proof
messages: {{schema: order.avsc, count: {count}, seed: 7}}
backends: [python, cython]
transforms:
  - {{alias: rename, type: ReplaceField$Value, renames: "order_id:orderId,customer_id:customerId"}}
  - {{alias: work, type: 'busy:Work', units: {units}}}
""", encoding="utf-8")
    return path


def bench(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench", *map(str, args)], capture_output=True, text=True)


def instruction_gate(folder: Path, runs: int) -> None:
    base = folder / "instructions.json"
    start = time.perf_counter()
    made = bench("gate", chain_file(folder, 0, 300), "--baseline", base, "--update-baseline")
    assert made.returncode == 0, made.stderr
    print(f"instruction gate (budget {gate.DEFAULT_BUDGET['instructions']:g}%): baseline in "
          f"{time.perf_counter() - start:.1f} s; {_slowdown(made.stderr)}")
    for slowdown in SLOWDOWNS:
        failed, walls = 0, []
        for _ in range(runs):
            start = time.perf_counter()
            done = bench("gate", chain_file(folder, slowdown, 300), "--baseline", base)
            walls.append(time.perf_counter() - start)
            assert done.returncode in (0, 1), done.stderr
            failed += done.returncode == 1 and (slowdown == 0 or "REGRESSION: proof/python/transform:work"
                                                in done.stdout)
        what = "false alarms" if slowdown == 0 else f"detected +{slowdown}%"
        print(f"  {what:<16} {failed}/{runs}   (gate wall time {min(walls):.1f}-{max(walls):.1f} s)")


def _slowdown(stderr: str) -> str:
    found = re.search(r"counted in ([\d.]+) s under valgrind \((\d+)x the same run without it", stderr)
    return f"valgrind run {found.group(1)} s, {found.group(2)}x the native run" if found else ""


def time_gate(folder: Path, runs: int, mode: str) -> None:
    flags = [] if mode == "default" else [f"--{mode}"]

    def measure(slowdown: int) -> tuple[dict, float]:
        start = time.perf_counter()
        done = bench(chain_file(folder, slowdown, 2000), "--json", "--out", folder / "run", *flags)
        assert done.returncode == 0, done.stderr
        shutil.rmtree(folder / "run")
        return baselines.relative_samples(json.loads(done.stdout)), time.perf_counter() - start

    baseline, wall = measure(0)
    print(f"time gate ({mode} mode, Mann-Whitney p < {gate.ALPHA}, budgets {', '.join(f'{b:g}%' for b in TIME_BUDGETS)};"
          f" default {gate.DEFAULT_BUDGET['time']:g}%): one run takes {wall:.0f} s")
    for slowdown in SLOWDOWNS:
        hits = {budget: 0 for budget in TIME_BUDGETS}
        for _ in range(runs):
            current, _ = measure(slowdown)
            for budget in TIME_BUDGETS:
                found = gate.compare_samples(baseline, current, lambda name, b=budget: b)
                flagged = {f.name for f in found if f.verdict == "regression"}
                hits[budget] += bool(flagged) if slowdown == 0 else "proof/python/transform:work" in flagged
        what = "false alarms" if slowdown == 0 else f"detected +{slowdown}%"
        print(f"  {what:<16} " + "   ".join(f"{hits[b]}/{runs} at {b:g}%" for b in TIME_BUDGETS))


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--gates", default="instructions,time")
    parser.add_argument("--time-mode", choices=("quick", "default", "rigorous"), default="default",
                        help="how the timing gate measures (rigorous: 16 processes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(HERE.parent / "examples" / "order.avsc", folder)
        shutil.copy(HERE / "probes" / "busy.py", folder)
        if "instructions" in args.gates:
            instruction_gate(folder, args.runs)
        if "time" in args.gates:
            time_gate(folder, args.runs, args.time_mode)


if __name__ == "__main__":
    main()
