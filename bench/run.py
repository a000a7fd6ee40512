"""What the commands run, start to end: measure a chain (time or instructions), decide, plot and write the run's
files; and measure what a gate compares with its baseline. Progress goes to stderr; results are returned for the
CLI to print."""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import chains
from .input import messages
from .input.chainfile import ChainFile
from .measure import harness, instructions
from .measure.costs import record_costs_by_option
from .measure.jvm import forks as jvm_forks
from .measure.prepare import prepare
from .measure.workload import Workload
from .output import atomic, report
from .results import baselines, environment, gate
from .results.results import Results
from .results.summarize import summarize


@dataclass
class Timed:
    workload: Workload
    measurement: harness.Measurement
    results: Results
    started: float  # perf_counter at the start, for the run's wall time


def measure_time(chain: ChainFile, backends: list[str] | None, mode: str) -> Timed:
    """Prepare, then measure with pyperf in ``mode`` (quick, default or rigorous)."""
    started = time.perf_counter()
    settings = harness.MODES[mode]
    workload = prepare(chain, backends, settings.budget_s)
    for warning in workload.warnings:
        print(warning, file=sys.stderr)
    print(f"measuring {chain.name}: {len(workload.stages)} transforms, backends "
          f"{', '.join(workload.backends + workload.kafka_backends)}, "
          f"{settings.name} mode ({settings.processes} processes)", file=sys.stderr, flush=True)
    run = atomic.run_id()
    jvm = {}
    with tempfile.TemporaryDirectory(prefix="smtbench-") as workdir:
        measurement = harness.measure(workload, Path(workdir), settings)
        if workload.jvm_chain:
            jvm = jvm_forks.measure(workload, settings.name, Path(workdir))
            measurement.add(jvm)
    results = summarize(measurement, workload, backends=workload.backends + workload.kafka_backends, mode=settings.name,
                        source=workload.described or messages.describe(chain),
                        wall_time_s=time.perf_counter() - started, run=run,
                        chain_file=chain.source)
    if jvm:
        results.environment["jvm"] = jvm["environment"]
    results.plans = chains.plans(workload.spec(), workload.backends)
    return Timed(workload, measurement, results, started)


def time_run(chain: ChainFile, backends: list[str] | None, mode: str, out: Path | None) -> tuple[Results, Path]:
    """``python -m bench CHAIN``: measure, decide, plot, and write the run's files (all or none)."""
    from .capacity.decision import decide
    from .output import plots

    timed = measure_time(chain, backends, mode)
    results = timed.results
    try:
        results.decision = decide(results, record_costs_by_option(timed.workload), chain.projection)
    except ValueError as exc:  # a projection block the model cannot take (say, a skew of the wrong length)
        raise chain.error(f"projection: {exc}", "projection") from None
    figures = plots.figures(results, results.decision)
    results.wall_time_s = round(time.perf_counter() - timed.started, 2)
    suite = io.StringIO()
    timed.measurement.suite().dump(suite)
    run_dir = out or atomic.default_run_dir(Path("reports"), chain.name, results.run)
    files = {"results.json": suite.getvalue(), "summary.json": json.dumps(results.to_json(), indent=2) + "\n",
             "report.md": report.markdown(results, results.decision, figures),
             "report.html": report.html_page(results, results.decision, figures)}
    files.update({f"{name}.svg": svg for name, svg in figures.items()})
    atomic.write_run(run_dir, files)
    return results, run_dir


def _python_side(backends: list[str] | None, what: str) -> list[str]:
    """The backends ``what`` covers: those timed in Python (Kafka's classes run in a JVM, which callgrind and the
    reference workload do not see). None: every one this install has."""
    if backends is None:
        return chains.in_process(chains.available())
    here = chains.in_process(backends)
    if len(here) < len(backends):
        print(f"note: {what} covers the Python side; {', '.join(b for b in backends if b not in here)} left out",
              file=sys.stderr)
    return here


def count_instructions(chain: ChainFile, backends: list[str] | None) -> tuple[dict, str]:
    """Instructions per record of every cell, and the fingerprint of the records counted."""
    instructions.check_available()
    backends = _python_side(backends, "instruction counting")
    workload = prepare(chain, backends, records=instructions.RECORDS)
    print(f"counting instructions for {chain.name} under callgrind (one process, about 10 s)", file=sys.stderr,
          flush=True)
    with tempfile.TemporaryDirectory(prefix="smtbench-") as workdir:
        counts, timing = instructions.measure(workload, Path(workdir))
    print(f"counted in {timing['valgrind_s']:.1f} s under valgrind ({timing['valgrind_s'] / timing['native_s']:.0f}x "
          f"the same run without it, {timing['native_s']:.1f} s)", file=sys.stderr)
    return counts, workload.messages_digest


def instructions_run(chain: ChainFile, backends: list[str] | None, out: Path | None) -> tuple[dict, Path]:
    """``python -m bench CHAIN --mode instructions``: count, and write instructions.json."""
    counts, fingerprint = count_instructions(chain, backends)
    doc = {"name": chain.name, "messages": fingerprint, "environment": environment.baseline_environment(),
           "benchmarks": counts}
    run_dir = out or atomic.default_run_dir(Path("reports"), chain.name, atomic.run_id())
    atomic.write_run(run_dir, {"instructions.json": json.dumps(doc, indent=2) + "\n"})
    return doc, run_dir


# -- gates -----------------------------------------------------------------------------------------------------------
@dataclass
class GateFigures:
    current: dict  # what the comparison takes: instructions {name: counts}, time {name: relative costs}
    stored: dict  # what a baseline keeps of them
    messages: str  # the fingerprint of the records measured
    unit: str


def gate_figures(chain: ChainFile, backends: list[str] | None, mode: str, quick: bool) -> GateFigures:
    if mode == "instructions":
        counts, fingerprint = count_instructions(chain, backends)
        return GateFigures(counts, counts, fingerprint, gate.INSTRUCTIONS_UNIT)
    # 16 processes unless --quick: with 8, a 10% slowdown was caught 3-4 times in 10 (benchmarks/gate_proof.py)
    timed = measure_time(chain, _python_side(backends, "the time gate"), _time_mode(quick))
    return GateFigures(timed.results.relative_samples(), baselines.time_benchmarks(timed.results),
                       timed.workload.messages_digest, gate.TIME_UNIT)


def _time_mode(quick: bool) -> str:
    return "quick" if quick else "rigorous"


def update_baseline(chain: ChainFile, backends: list[str] | None, mode: str, quick: bool, path: Path) -> int:
    """Measure and write the baseline; the number of benchmarks it holds."""
    env = environment.baseline_environment()
    figures = gate_figures(chain, backends, mode, quick)
    doc = baselines.make_baseline(mode, chain.name, figures.stored, env, figures.messages)
    atomic.atomic_write(path, json.dumps(doc, indent=2) + "\n")
    return len(figures.stored)


def check_gate(chain: ChainFile, backends: list[str] | None, mode: str, quick: bool, path: Path,
               max_regression: float | None) -> tuple[list[gate.Finding], str]:
    """Measure, then compare with the baseline at ``path``: the findings, and their unit."""
    env = environment.baseline_environment()
    baseline = baselines.load_baseline(path, mode)  # before measuring: a bad or powerless baseline stops here
    if mode == "time":
        stored = baselines.relative_samples(baseline)
        gate.check_power(min(map(len, stored.values()), default=0), harness.MODES[_time_mode(quick)].processes)
    figures = gate_figures(chain, backends, mode, quick)
    for note in baselines.check_compatible(baseline, env, figures.messages, path):
        print(note, file=sys.stderr)
    budget = gate.budgets(chain, max_regression, mode)
    if mode == "instructions":
        return gate.compare_instructions(baseline, figures.current, env, budget), figures.unit
    return gate.compare_samples(baselines.relative_samples(baseline), figures.current, budget), figures.unit

