"""Processes that disagree: a warning when the per-process medians of a stage the decision rests on lie further
apart than the run's mode expects.

A run's figure for a stage is the median over every value of every process; each process has its own median
beside it (``NsPerRecord.process_medians``). On a quiet machine they agree to a few percent. When one process
ran while the machine was busy, or the machine's speed drifted between them, they do not, and the verdict then
rests on figures that another run would not repeat. The stages checked are those the decision reads: each
backend's chain and end-to-end, and the pass-through (the converters only), in wall time and in CPU time.
"""

from __future__ import annotations

from .. import chains
from .results import DIFFER, Results

#: Highest over lowest process median (NsPerRecord.disagreement) a run may show before it warns, per mode: 2, 8
#: and 16 processes. Set from 64 runs of examples/orders.yaml on a shared 2-core machine, one after another
#: (benchmarks/process_spread.py), the worst of the checked stages and clocks in each run. Quiet runs (in every
#: process the reference workload's wall time within 1.1x its CPU time): quick 1.02-1.32 (median 1.06, 17 runs),
#: default 1.04-1.12 (13), rigorous 1.05-1.53 (11; one of 16 processes alone at 1.40x, in CPU time too, the median
#: unmoved). Busy runs (other benchmarks on both cores): 1.24-3.20, median 2.1, in wall time; CPU time within 1.15x.
#: With these marks: no quiet run warned, 17 of 19 busy ones did (the other two were slowed alike in every process).
EXPECTED = {"quick": 1.5, "default": 1.5, "rigorous": 1.6}
#: The same for the jvm backend's forks (3 in default mode, 6 in rigorous; quick runs one, nothing to compare).
#: Each JVM compiles the chain its own way: quiet, the forks' chain split ~950 and ~1,200 ns per record, up to
#: 1.31x apart in wall and CPU time alike (5 runs); busy, 1.31-2.29x in wall time (3 runs).
EXPECTED_FORKS = {"default": 1.6, "rigorous": 1.6}

#: The stages the decision reads (capacity/decision.py), in words.
CHECKED = {"chain": "the chain", "end-to-end": "end-to-end (converters + chain)",
           "pass-through": "the converters alone (pass-through)"}


def _forks(backend: str | None) -> bool:
    """Whether ``backend``'s figures are per JVM fork rather than per pyperf process."""
    return backend in chains.names() and chains.get(backend).kafka


def expected(mode: str, backend: str | None) -> float | None:
    """The most the process medians of a stage on ``backend`` (None: the converters) may disagree in a run of
    ``mode`` (None: not checked)."""
    return (EXPECTED_FORKS if _forks(backend) else EXPECTED).get(mode)


def _over(results: Results) -> dict:
    """Backend (None: the converters) -> [(stage, in words, figures)] of the stages and clocks whose process
    medians disagree beyond the mode's expected spread, the worst first."""
    found: dict = {}
    for s in results.stages:
        most = expected(results.mode, s.backend)
        if s.stage not in CHECKED or most is None:
            continue
        for clock, figures in (("", s.ns_per_record), (" in CPU time", s.cpu_ns_per_record)):
            if figures is not None and figures.disagreement > most:
                found.setdefault(s.backend, []).append((CHECKED[s.stage] + clock, figures))
    return {backend: sorted(over, key=lambda item: -item[1].disagreement) for backend, over in found.items()}


#: The reference workload only computes: in a process where its wall time is over this many times its CPU time,
#: the machine kept the process off its core. Quiet runs showed 1.00-1.06; busy ones about 2.
BUSY = 1 + DIFFER


def busy(results: Results) -> list[str]:
    """One line when every process ran on a busy machine (the reference workload's wall time over BUSY times its
    CPU time in each): the processes then agree, slowed alike, and only this shows it."""
    reference = results.stage("reference")
    if reference is None or reference.cpu_ns_per_record is None:
        return []
    stretch = [wall / cpu for wall, cpu in zip(reference.ns_per_record.process_medians,
                                                 reference.cpu_ns_per_record.process_medians) if cpu > 0]
    if not stretch or min(stretch) <= BUSY:
        return []
    return [f"warning: the machine was busy throughout: in every process the reference workload's wall time was "
            f"{min(stretch):.2f}x to {max(stretch):.2f}x its CPU time (a quiet run shows at most {BUSY:g}x): wall "
            "times, and the task capacity and latency the options take from them, run long; CPU times and the "
            "ratios between backends hold better; rerun on a quieter machine"]


def warnings(results: Results) -> list[str]:
    """One line per backend (and one for the converters) whose processes disagree on a stage the decision uses:
    the worst stage and its figures, the others over the mark too, and what to do; and one when the machine was
    busy throughout (busy)."""
    said = busy(results)
    for backend, ((stage, figures), *others) in _over(results).items():
        count = len(figures.process_medians)
        who = f"{count} JVM forks" if _forks(backend) else f"{count} processes"
        low, high = figures.range()
        also = "".join(f"; {what} {f.disagreement:.2f}x too" for what, f in others)
        why = "each JVM compiled the chain its own way, or the machine was busy" if _forks(backend) else \
            "the machine was busy or its speed drifted between them"
        rerun = "on a quieter machine" + ("" if results.mode == "rigorous" else ", or with --rigorous")
        said.append(f"warning: {backend or 'converters'}: the {who} disagree on {stage}: medians from {low:,.0f} to "
                    f"{high:,.0f} ns per record ({figures.disagreement:.2f}x; a {results.mode} run expects at most "
                    f"{expected(results.mode, backend):g}x{also}): {why}, so the figures the verdict rests "
                    f"on are uncertain; rerun {rerun}")
    return said
