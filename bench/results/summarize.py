"""A run's Results from the paired per-round measurements.

Absolute ns/record are medians over every value of every worker process, with the spread of the per-process
medians. Ratios and shares are taken inside each round (the cells of one round ran back to back in one
process), then summarised as a median and interquartile range: they do not inherit the drift between processes.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

from .. import chains
from . import environment
from .results import MessagesUsed, NsPerRecord, Quartiles, RelativeCost, Results, StageResult, TransformCounts

if TYPE_CHECKING:
    from ..measure.harness import Measurement
    from ..measure.workload import Workload


def summarize(measurement: Measurement, workload: Workload, *, mode: str, source: str, wall_time_s: float,
              run: str, chain_file: str) -> Results:
    cells = measurement.cells
    processes = measurement.processes
    rounds = [r for process in processes for r in process["values"]]
    by_stage: dict = {}
    for name, cell in cells.items():
        by_stage.setdefault(cell["stage"], {})[cell["backend"]] = name
    reference = by_stage.get("reference", {}).get(None)

    def paired(over: str, under: str) -> Quartiles:
        return Quartiles.of([r[over] / r[under] for r in rounds])

    stages = []
    for name, cell in cells.items():
        values = [r[name] * 1e9 for r in rounds]
        ns = NsPerRecord(median=statistics.median(values), mean=statistics.fmean(values),
                         stdev=statistics.stdev(values) if len(values) > 1 else 0.0, min=min(values), max=max(values),
                         process_medians=[statistics.median(v[name] * 1e9 for v in p["values"]) for p in processes])
        relative = share = None
        if reference:  # each process: the median over its rounds of this stage's cost over the reference's
            per_process = [statistics.median(r[name] / r[reference] for r in p["values"]) for p in processes]
            relative = RelativeCost(statistics.median(per_process), per_process)
        chain_name = by_stage.get("chain", {}).get(cell["backend"])
        if cell["stage"].startswith("transform:") and chain_name:
            chain_records = cells[chain_name]["records"]
            share = Quartiles.of([r[name] * cell["records"] / (r[chain_name] * chain_records)
                                  for r in rounds]).median
        stages.append(StageResult(name, cell["stage"], cell["backend"], cell["records"], ns, share, relative))
    backends = workload.backends
    base = chains.reference()
    ratios = {}
    if base in backends and len(backends) > 1:
        for other in (b for b in backends if b != base):
            ratios[f"{other}/{base}"] = {stage: paired(names[other], names[base])
                                         for stage, names in by_stage.items() if base in names and other in names}
    chain_vs_converters = {}
    if "pass-through" in by_stage:
        through = by_stage["pass-through"][None]
        chain_vs_converters = {backend: paired(by_stage["chain"][backend], through) for backend in backends}
    counts = workload.record_counts
    transforms = [TransformCounts(alias, type_name, counts[index], counts[index + 1])
                  for index, (alias, type_name) in enumerate(workload.stages)]
    return Results(
        name=workload.name, run=run, chain_file=chain_file, mode=mode, processes=len(processes),
        rounds_per_process=len(processes[0]["values"]),
        messages=MessagesUsed(source=source, format=workload.format, topic=workload.topic, count=workload.count,
                              records_per_pass=len(workload.wire)),
        backends=backends, stages=stages, transforms=transforms, ratios=ratios,
        chain_vs_pass_through=chain_vs_converters, warnings=workload.warnings, wall_time_s=round(wall_time_s, 2),
        environment=environment.summary_environment())
