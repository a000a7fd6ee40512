"""How often do the gates cry wolf, and how often do they catch a real slowdown?

    python benchmarks/gate_proof.py [--runs 10] [--gates instructions,time,cross-build]

For each gate: one baseline, then ``runs`` checks of the unchanged chain (A/A: any regression is a false alarm)
and ``runs`` checks with one transform doing 2%, 5% and 10% more work (benchmarks/probes/busy.py ``Work``: the
detection rate is how often the gate fails naming it). The time gate's runs are evaluated at several budgets
from the same measurements. Prints the rates, the thresholds used, wall times and valgrind's slowdown.

``cross-build`` is the instruction gate across two fresh installs of this commit, as CI builds: two clones at
paths of different lengths, each with its own venv (one inside the clone, one beside it under another name),
chain folders and baselines at different paths given absolute and relative, and each gate run from another cwd.
Install A writes the baseline; the runs alternate between A and B, and compare every stage's counts of the two
installs on the unchanged chain.
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


def _install(clone: Path, venv: Path) -> Path:
    """A fresh clone of this commit at ``clone``, installed the README's way into a new venv at ``venv``."""
    subprocess.run(["git", "clone", "-q", str(HERE.parent), str(clone)], check=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-e", f"{clone}[test]"], check=True,
                   capture_output=True)
    return venv / "bin" / "python"


def cross_build_gate(root: Path, runs: int) -> None:
    start = time.perf_counter()
    pythons = [_install(root / "a", root / "a" / ".venv"),
               _install(root / "a-much-longer-folder-name" / "clone-b", root / "venvs" / "smtbench-b")]
    folders = [root / "chain", root / "x" / "chains-of-install-b"]
    for folder in folders:
        folder.mkdir(parents=True)
        shutil.copy(HERE.parent / "examples" / "order.avsc", folder)
        shutil.copy(HERE / "probes" / "busy.py", folder)
    print(f"cross-build instruction gate (budget 1%): two installs in {time.perf_counter() - start:.0f} s")

    def gate_run(index: int, slowdown: int, *extra) -> subprocess.CompletedProcess:
        folder = folders[index]
        return subprocess.run([str(pythons[index]), "-m", "bench", "gate", chain_file(folder, slowdown, 300).name,
                               "--max-regression", "1", *extra], capture_output=True, text=True, cwd=folder)

    made = gate_run(0, 0, "--baseline", root / "chain" / "baseline.json", "--update-baseline")
    assert made.returncode == 0, made.stderr
    base_for = [Path("baseline.json"), Path("../../chain/baseline.json")]  # relative to each folder
    counts = [bench_counts(pythons[index], folders[index]) for index in (0, 1)]
    apart = {name: counts[1][name] / counts[0][name] - 1 for name in counts[0]}
    print(f"  the two installs' counts on the unchanged chain differ by at most {max(map(abs, apart.values())):.3%} "
          f"over {len(apart)} stages")
    for name, change in sorted(apart.items()):
        if abs(change) > 0.002:
            print(f"    {name}: {counts[0][name]:,.1f} -> {counts[1][name]:,.1f} ({change:+.3%})")
    for slowdown in (0, 2):
        failed = 0
        for run in range(runs):
            done = gate_run(run % 2, slowdown, "--baseline", base_for[run % 2])
            assert done.returncode in (0, 1), done.stderr
            failed += done.returncode == 1 and (slowdown == 0 or "REGRESSION: proof/python/transform:work"
                                                in done.stdout)
        print(f"  {'false alarms' if slowdown == 0 else 'detected +2%':<16} {failed}/{runs}   (runs alternate "
              "between the installs)")


def bench_counts(python: Path, folder: Path) -> dict:
    """Instructions per record of every stage of the unchanged chain, counted by the install of ``python``."""
    done = subprocess.run([str(python), "-m", "bench", chain_file(folder, 0, 300).name, "--mode", "instructions",
                           "--json", "--out", "counts"], capture_output=True, text=True, cwd=folder)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(folder / "counts")
    return {name: b["per_record"] for name, b in json.loads(done.stdout)["benchmarks"].items()}


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--gates", default="instructions,time,cross-build")
    parser.add_argument("--time-mode", choices=("quick", "default", "rigorous"), default="default",
                        help="how the timing gate measures (rigorous: 16 processes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(HERE.parent / "examples" / "order.avsc", folder)
        shutil.copy(HERE / "probes" / "busy.py", folder)
        gates = args.gates.split(",")
        if "instructions" in gates:
            instruction_gate(folder, args.runs)
        if "time" in gates:
            time_gate(folder, args.runs, args.time_mode)
        if "cross-build" in gates:
            cross_build_gate(folder / "builds", args.runs)


if __name__ == "__main__":
    main()
