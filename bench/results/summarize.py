"""A run's Results from the paired per-round measurements.

Absolute ns/record are medians over every value of every worker process, with the spread of the per-process
medians, in wall time and (``cpu_ns_per_record``) in the thread's CPU time over the same passes. Ratios and shares
are taken inside each round (the cells of one round ran back to back in one process), in wall time, then summarised
as a median and interquartile range: they do not inherit the drift between processes.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from .. import chains
from . import environment, spread
from .results import MessagesUsed, NsPerRecord, Quartiles, RelativeCost, Results, StageResult, TransformCounts

if TYPE_CHECKING:
    from ..measure.harness import Measurement
    from ..measure.workload import Workload


def summarize(measurement: Measurement, workload: Workload, *, backends: list[str], mode: str, source: str,
              wall_time_s: float, run: str, chain_file: str) -> Results:
    """``backends``: every backend measured, those timed in Python (the workload's) and in forked JVMs."""
    cells = measurement.cells
    processes = measurement.processes
    rounds = [r for process in processes for r in process["values"]]
    by_stage: dict = {}
    for name, cell in cells.items():
        by_stage.setdefault(cell["stage"], {})[cell["backend"]] = name
    reference = by_stage.get("reference", {}).get(None)

    def having(*names) -> list[dict]:  # the processes that measured all of these cells
        return [p for p in processes if all(name in p["values"][0] for name in names)]

    def compared(over: str, under: str) -> Quartiles:
        """``over``'s cost over ``under``'s: paired inside each round where one process timed both; else (a
        backend timed in its own processes, the jvm) every per-process median over every other's."""
        paired = [r[over] / r[under] for p in having(over, under) for r in p["values"]]
        if paired:
            return Quartiles.of(paired)
        return Quartiles.of([a / b for a in _medians(having(over), over) for b in _medians(having(under), under)])

    stages = []
    for name, cell in cells.items():
        ns = _ns_per_record(having(name), "values", name)
        # every process's CPU time, or none: a JVM without a thread CPU clock has none
        cpu = _ns_per_record(having(name), "cpu", name) if all(p.get("cpu") for p in having(name)) else None
        relative = share = None
        if reference and having(name, reference):  # each process: the median of this stage's cost over the reference's
            per_process = [statistics.median(r[name] / r[reference] for r in p["values"])
                           for p in having(name, reference)]
            relative = RelativeCost(statistics.median(per_process), per_process)
        chain_name = by_stage.get("chain", {}).get(cell["backend"])
        if cell["stage"].startswith("transform:") and chain_name:  # alone, on the records it handles, over the chain
            # on all: not a part of the chain, so they can add up to over 100% (console.alone_note says why)
            chain_records = cells[chain_name]["records"]
            share = Quartiles.of([r[name] * cell["records"] / (r[chain_name] * chain_records)
                                  for p in having(name, chain_name) for r in p["values"]]).median
        stretch = None if cpu is None else [_wall_over_cpu(p, name, reference if reference in p["values"][0]
                                                           else _own_reference(by_stage, cell, name))
                                             for p in having(name)]
        stages.append(StageResult(name, cell["stage"], cell["backend"], cell["records"], ns, share, relative, cpu,
                                  stretch))
    ratios = {}
    for other, under in _pairs(backends):
        ratios[f"{other}/{under}"] = {stage: compared(names[other], names[under])
                                      for stage, names in by_stage.items() if under in names and other in names}
    chain_vs_converters = {}
    if "pass-through" in by_stage:  # each backend's chain over the converters it runs beside (the JVM: Kafka's)
        through = by_stage["pass-through"]
        chain_vs_converters = {backend: compared(by_stage["chain"][backend], through.get(backend, through.get(None)))
                               for backend in backends if through.get(backend, through.get(None))}
    counts, skipped, outcomes = workload.record_counts, workload.skipped, workload.outcomes
    transforms = [TransformCounts(alias, type_name, counts[index], counts[index + 1],
                                  skipped[index] if index < len(skipped) else 0,
                                  *((outcomes[index]["changed"], outcomes[index]["unchanged"],
                                     outcomes[index].get("lookups"), outcomes[index].get("cache_hits"))
                                    if index < len(outcomes) else ()))
                  for index, (alias, type_name) in enumerate(workload.stages)]
    timed_here = having(reference) if reference else processes
    results = Results(
        name=workload.name, run=run, chain_file=chain_file, mode=mode, processes=len(timed_here),
        rounds_per_process=len(timed_here[0]["values"]),
        messages=MessagesUsed(source=source, format=workload.format, topic=workload.topic, count=workload.count,
                              records_per_pass=len(workload.wire), bytes_per_record=_wire_bytes(workload)),
        backends=backends, stages=stages, transforms=transforms, ratios=ratios,
        chain_vs_pass_through=chain_vs_converters, warnings=list(workload.warnings),
        wall_time_s=round(wall_time_s, 2), environment=environment.summary_environment())
    results.warnings += spread.warnings(results)  # processes that disagree on what the decision reads
    return results


def _wire_bytes(workload) -> float:
    """The mean bytes of a wire message's value and key (0 with format none: no bytes)."""
    def size(data) -> int:
        return len(data) if isinstance(data, (bytes, bytearray)) else 0
    if workload.format == "none" or not workload.wire:
        return 0.0
    total = sum(size(message[0]) + size(message[1]) for message in workload.wire)
    return round(total / len(workload.wire), 1)


def _pairs(backends: list[str]) -> list[tuple[str, str]]:
    """The ratios a run reports, as (over, under): every backend over the reference (python); each of smtbench's
    compiled backends over the ones before it (fused over cython); and each of them over Kafka's own (jvm)."""
    base = chains.reference()
    own = [b for b in backends if b != base and not chains.get(b).kafka]
    pairs = [(other, base) for other in backends if other != base and base in backends]
    pairs += [(other, under) for i, other in enumerate(own) for under in own[:i]]
    pairs += [(other, kafka) for kafka in backends if chains.get(kafka).kafka for other in own]
    return pairs


def _ns_per_record(processes: list[dict], clock: str, name: str) -> NsPerRecord:
    """The figures of cell ``name`` over every round of ``processes``, read from their ``clock``: ``"values"``
    (wall time) or ``"cpu"`` (the thread's CPU time over the same passes)."""
    values = [r[name] * 1e9 for p in processes for r in p[clock]]
    return NsPerRecord(median=statistics.median(values), mean=statistics.fmean(values),
                       stdev=statistics.stdev(values) if len(values) > 1 else 0.0, min=min(values), max=max(values),
                       process_medians=[m * 1e9 for m in _medians(processes, name, clock)])


def _own_reference(by_stage: dict, cell: dict, name: str) -> str | None:
    """For a process that did not time the reference workload (a JVM fork): its own converters' pass, which only
    computes, as the reference (the pass-through's own: its decode)."""
    own = by_stage.get("pass-through", {}).get(cell["backend"])
    return by_stage.get("decode", {}).get(cell["backend"]) if own == name else own


def _wall_over_cpu(process: dict, name: str, reference: str | None) -> float:
    """The median over the process's rounds of the cell's wall time over its CPU time, divided by the reference
    workload's in the same round where the process timed it (what the machine did to both cancels out)."""
    def ratio(wall: dict, cpu: dict, cell: str) -> float:
        return wall[cell] / cpu[cell] if cpu[cell] > 0 else 1.0

    timed_reference = reference is not None and reference in process["values"][0]
    return statistics.median(ratio(wall, cpu, name) / (ratio(wall, cpu, reference) if timed_reference else 1.0)
                             for wall, cpu in zip(process["values"], process["cpu"]))


def _medians(processes: list[dict], name: str, clock: str = "values") -> list[float]:
    return [statistics.median(r[name] for r in p[clock]) for p in processes]
