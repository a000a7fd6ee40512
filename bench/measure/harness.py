"""The pyperf harness.

pyperf runs each benchmark in its own worker processes, and on a shared machine process-level means drift 15-70%
between runs: a cython/python ratio taken from two separate benchmarks would drift with them. So a run is ONE
pyperf benchmark, ``<name>/round``: pyperf spawns the workers (``python -m bench --measure-worker ...``),
calibrates nothing (one pass per value), runs warmups and values as usual, and each call of our time function
times every cell once, one stage's backends back to back, alternating which goes first. Every worker leaves its
per-cell times in a side file, wall and CPU; the master turns the wall times into one pyperf benchmark per cell (a
standard suite), and keeps the paired times for the ratios and the CPU times for the summary.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import BenchError
from .cells import Cells
from .workload import Workload

WORKER_FLAG = "--measure-worker"


@dataclass(frozen=True)
class Mode:
    name: str
    processes: int
    values: int
    budget_s: float  # target seconds for one round (all cells once), which sizes records per pass


MODES = {
    "quick": Mode("quick", processes=2, values=2, budget_s=0.25),
    "default": Mode("default", processes=8, values=3, budget_s=0.6),
    "rigorous": Mode("rigorous", processes=16, values=3, budget_s=1.0),  # pyperf's --rigorous: twice the processes
}


@dataclass
class Measurement:
    """What the workers measured: cell descriptions and, per worker process, per-round seconds per record: wall time
    (``values``, pyperf's) and the thread's CPU time (``cpu``, one dict per value; absent where a process did not
    measure it)."""

    cells: dict  # cell name -> {"stage", "backend", "records"}
    processes: list  # per process: {"values": [{cell: s/record}, ...], "cpu": [...], "warmups": [...], "metadata"}

    def add(self, other: dict) -> None:
        """Cells timed in other processes (the JVM forks: ``{"cells", "processes"}``)."""
        self.cells.update(other["cells"])
        self.processes.extend(other["processes"])

    def suite(self):
        """A standard pyperf suite: one benchmark per cell, a run per worker process."""
        import pyperf

        benchmarks = []
        for name, cell in self.cells.items():
            runs = []
            for process in self.processes:
                if name not in process["values"][0]:  # a cell of another kind of process (the JVM forks')
                    continue
                metadata = dict(process["metadata"])
                metadata.update(name=name, loops=1, inner_loops=cell["records"], unit="second")
                runs.append(pyperf.Run([round_[name] for round_ in process["values"]],
                                       warmups=[(1, round_[name]) for round_ in process["warmups"]],
                                       metadata=metadata, collect_metadata=False))
            benchmarks.append(pyperf.Benchmark(runs))
        return pyperf.BenchmarkSuite(benchmarks)


class _Rounds:
    """pyperf's time function: one call times every cell ``loops`` times and remembers each cell's share, in wall
    time (``calls``, what pyperf gets) and in the thread's CPU time (``cpu_calls``, kept beside it)."""

    def __init__(self, cells: Cells):
        self.groups = cells.groups
        self.calls: list[dict] = []
        self.cpu_calls: list[dict] = []

    def __call__(self, loops: int) -> float:
        walls: dict = {}
        cpus: dict = {}
        for _ in range(loops):
            flip = len(self.calls) % 2 == 1  # alternate which backend runs first, so drift cannot favour one
            for group in self.groups:
                for cell in (reversed(group) if flip else group):
                    wall, cpu = cell.run()
                    walls[cell.name] = walls.get(cell.name, 0.0) + wall
                    cpus[cell.name] = cpus.get(cell.name, 0.0) + cpu
        cells = [cell for group in self.groups for cell in group]
        self.calls.append({cell.name: walls[cell.name] / (loops * cell.records) for cell in cells})
        self.cpu_calls.append({cell.name: cpus[cell.name] / (loops * cell.records) for cell in cells})
        return sum(walls.values())


def measure(workload: Workload, workdir: Path, mode: Mode) -> Measurement:
    """Spawn pyperf's workers over a saved workload; progress goes to stderr."""
    import pyperf

    workload_path = workdir / "workload.pickle"
    workload.save(workload_path)
    cells_dir = workdir / "cells"
    cells_dir.mkdir()

    def forward(cmd, args):  # pyperf's hook for a worker's command line
        cmd.extend(["--workload", str(workload_path), "--cells-dir", str(cells_dir),
                    "--progress-of", str(args.processes)])

    runner = pyperf.Runner(processes=mode.processes, values=mode.values, warmups=1, loops=1,
                           program_args=("-m", "bench", WORKER_FLAG), add_cmdline_args=forward)
    pyperf_args = ["--quiet", "--processes", str(mode.processes), "--values", str(mode.values), "--loops", "1",
                   "--warmups", "1"]
    inherit = [name for name in ("SMTBENCH_NO_EXTENSIONS", "PYTHONHASHSEED") if name in os.environ]
    if inherit:
        pyperf_args += ["--inherit-environ", ",".join(inherit)]
    runner.parse_args(pyperf_args)
    said = io.StringIO()
    try:
        # pyperf's own summary of the round is not ours to print; what it says on stderr is, unless interrupted
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(said):
            bench = runner.bench_time_func(f"{workload.name}/round", _never_in_master,
                                           inner_loops=len(workload.wire))
    except RuntimeError as exc:  # pyperf: "... failed with exit code N"
        sys.stderr.write(said.getvalue())
        raise BenchError(f"a measuring process failed ({exc}); its error is printed above") from None
    except SystemExit as exc:  # pyperf turns Ctrl-C into "Benchmark interrupted: exit" and exit code 1
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise KeyboardInterrupt from None  # its workers are killed already (pyperf's popen_killer)
        sys.stderr.write(said.getvalue())
        raise
    sys.stderr.write(said.getvalue())
    side_files = sorted(cells_dir.glob("worker-*.json"))
    runs = bench.get_runs()
    processes = []
    for index, path in enumerate(side_files):
        data = json.loads(path.read_text(encoding="utf-8"))
        metadata = runs[index].get_metadata() if index < len(runs) else {}
        data["metadata"] = {k: v for k, v in metadata.items() if k not in ("name", "loops", "inner_loops")}
        processes.append(data)
    if not processes:
        raise BenchError("the measuring processes reported nothing")
    return Measurement(cells=processes[0]["cells"], processes=processes)


def _never_in_master(loops):
    raise AssertionError("pyperf calls the time function only in workers")


def worker(argv: list[str]) -> int:
    """A pyperf worker: ``python -m bench --measure-worker <pyperf worker args> --workload P --cells-dir D``."""
    import pyperf

    ours, rest = {}, []
    items = iter(argv)
    for item in items:
        if item in ("--workload", "--cells-dir", "--progress-of"):
            ours[item] = next(items)
        else:
            rest.append(item)
    workload = Workload.load(ours["--workload"])
    cells = Cells(workload)
    rounds = _Rounds(cells)
    runner = pyperf.Runner()
    runner.parse_args(rest)
    runner.bench_time_func(f"{workload.name}/round", rounds, inner_loops=len(workload.wire))
    values = runner.args.values
    cells_dir = Path(ours["--cells-dir"])
    done = len(list(cells_dir.glob("worker-*.json"))) + 1
    side = {
        "values": rounds.calls[-values:],
        "cpu": rounds.cpu_calls[-values:],
        "warmups": rounds.calls[:-values],
        "cells": {c.name: {"stage": c.stage, "backend": c.backend, "records": c.records} for c in cells.cells},
    }
    tmp = cells_dir / f".worker-{done:03d}.tmp"
    tmp.write_text(json.dumps(side), encoding="utf-8")
    tmp.replace(cells_dir / f"worker-{done:03d}.json")
    chain = {c.backend: c for c in cells.cells if c.stage == "chain"}
    said = ", ".join(f"{b} {rounds.calls[-1][c.name] * 1e9:,.0f} ns" for b, c in chain.items())
    said = f"chain {said} per record" if said else "converters only: the chain runs in the JVM forks"
    print(f"  process {done}/{ours['--progress-of']} done: {len(cells.cells)} benchmarks "
          f"x {len(rounds.calls)} rounds ({said})", file=sys.stderr, flush=True)
    return 0
