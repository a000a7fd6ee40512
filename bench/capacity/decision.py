"""What to do about a chain: every option projected at the user's rates, and a verdict in words.

Options: keep the chain interpreted (python), compile it (cython), fuse it into one pass (fused), move it
into the producer (Connect then runs only the converters), or move it to ksqlDB (Connect runs only the converters;
ksqlDB's per-record cost is an assumption, stated, configurable).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import chains
from ..output import fmt
from ..results.results import Decision, Option, Results
from . import limits
from .model import Deployment, Service, project

#: Confluent's ksqlDB capacity-planning guide: a projection/filter query runs 40-50 MB/s on a 4-core server, about
#: 50K small records/s per core. An assumption the report states, not a measurement.
KSQLDB_US_PER_RECORD = 20.0
DEFAULT_RATES = (1_000, 10_000, 100_000)
_QUANTILES = 2_000  # per-record samples kept for the model: quantiles of the measured distribution
FINE_US, OPTIMISE_US, WORTH_MOVING = 10.0, 100.0, 0.5


def deployment_from(projection: dict) -> tuple[Deployment, list[float], list[str]]:
    """The chain file's ``projection:`` block as a Deployment, the rates, and what was assumed for missing keys."""
    assumed = []

    def get(key, default, unit=""):
        if key not in projection:
            assumed.append(f"{key} = {default}{unit}")
        return projection.get(key, default)

    rates = [float(r) for r in get("rates", list(DEFAULT_RATES))]
    partitions = int(get("partitions", limits.DEFAULT_PARTITIONS))
    deployment = Deployment(
        partitions=partitions, tasks=int(get("tasks", partitions)), workers=int(get("workers", 1)),
        cores_per_worker=projection.get("cores_per_worker"),
        poll_overhead=float(get("poll_overhead_us", 0.0, " µs")) * 1e-6,
        max_poll_records=int(projection.get("max_poll_records", 500)),
        burst=int(projection.get("producer_burst", 1)),
        skew=tuple(projection["skew"]) if "skew" in projection else None,
        utilisation_ceiling=float(projection.get("utilisation_ceiling", 0.7)),
        slo_p99=float(projection["slo_p99_ms"]) / 1e3 if "slo_p99_ms" in projection else None,
    )
    return deployment, rates, assumed


def service_from(costs, median_s: float, cpu_s: float | None = None) -> Service:
    """The measured per-record distribution (shape), scaled to the harness's median wall time (level), with the
    harness's median CPU time per record (None: not measured, taken equal to the wall time)."""
    costs = np.sort(np.asarray(costs, dtype=float))
    qs = (np.arange(_QUANTILES) + 0.5) / _QUANTILES
    return Service.from_samples(np.quantile(costs, qs)).scaled_to(median_s, cpu_s)


@dataclass
class _Candidate:
    name: str
    connect: str  # what runs in Connect
    service: Service  # its cost per record: wall samples (task capacity, latency), CPU mean (cores)
    outside_s: float  # CPU seconds per record spent outside Connect
    outside: str  # where, in words
    cpu_measured: bool = True  # False: the service's CPU time is its wall time, for want of a measured one
    waits: bool = False  # its stage's wall time is over 1.1x its CPU time in every process (StageResult.waits)


def _measured(results: Results, stage: str, backend: str | None) -> tuple[float | None, float | None]:
    """Seconds per record of ``stage`` on ``backend``: the median wall time and CPU time (each None if not
    measured)."""
    wall, cpu = results.median_ns(stage, backend), results.median_cpu_ns(stage, backend)
    return None if wall is None else wall * 1e-9, None if cpu is None else cpu * 1e-9


def options(results: Results, costs: dict, ksqldb_us: float) -> list[_Candidate]:
    """The options to project: each measured backend, then (with a converter) the chain moved out of Connect.

    ``costs`` has each record's own cost for the backends timed in Python (their shape); a backend timed in the
    JVM takes the reference backend's shape at its own measured level. Where Kafka's own classes were measured,
    the converters Connect keeps are Kafka's too."""
    current = results.current_backend()
    shape = next((costs[b] for b in chains.names() if b in costs), costs.get("pass-through"))
    found = []
    for backend in chains.names():
        kafka = chains.get(backend).kafka
        runs = "Kafka's own converter and classes" if kafka else f"{backend} twins"
        stage, what = "end-to-end", f"converters + the chain, {runs}"
        if results.stage(stage, backend) is None:  # format none: no converter stage, the task's work is the chain
            stage, what = "chain", f"the chain, {runs} (no converter measured)"
        wall, cpu = _measured(results, stage, backend)
        if wall is not None:
            found.append(_Candidate(chains.get(backend).label, what,
                                    service_from(costs.get(backend, shape), wall, cpu), 0.0, "", cpu is not None,
                                    results.stage(stage, backend).waits))
    converters = current if chains.get(current).kafka else None
    wall, cpu = _measured(results, "pass-through", converters)
    if wall is not None:
        waits = results.stage("pass-through", converters).waits
        service = service_from(costs["pass-through"], wall, cpu)
        # a Python producer runs smtbench's fastest measured way (build_chain(spec, backend="fused"), when built)
        own = [b for b in chains.names() if not chains.get(b).kafka and results.median_ns("chain", b)]
        producer = min(own, key=lambda b: results.median_ns("chain", b)) if own else current
        chain_wall, chain_cpu = _measured(results, "chain", producer)
        found.append(_Candidate("in the producer", "converters only", service,
                                chain_wall if chain_cpu is None else chain_cpu,
                                f"the chain's work moves to the producers (at least its {producer} cost per record, "
                                f"as transforms.build_chain(..., backend={producer!r}) runs it)", cpu is not None,
                                waits))
        found.append(_Candidate("in ksqlDB", "converters only", service, ksqldb_us * 1e-6,
                                f"ksqlDB at an assumed {ksqldb_us:g} µs per record per core "
                                "(projection.ksqldb_us_per_record); its own latency is not modelled", cpu is not None,
                                waits))
    return found


def decide(results: Results, costs: dict, projection: dict, sweep_points: int = 30) -> Decision:
    """Project every option at every rate and say what to do. ``costs``: per-record seconds per backend and
    'pass-through' (measure/costs.py)."""
    deployment, configured, assumed = deployment_from(projection)
    ksqldb_us = float(projection.get("ksqldb_us_per_record", KSQLDB_US_PER_RECORD))
    candidates = options(results, costs, ksqldb_us)
    unmeasured = [o.name for o in candidates if not o.cpu_measured]
    if unmeasured:  # a summary from before CPU time was measured, or a JVM without a thread CPU clock
        assumed.append(f"CPU time per record = wall time for {', '.join(unmeasured)} (not measured)")
    projected = []
    for option in candidates:
        rows = []
        for rate in configured:
            row = project(option.service, rate, deployment).as_dict()
            row["outside_cores"] = round(rate * option.outside_s, 4)
            row["total_cores"] = round(row["cores"] + row["outside_cores"], 4)
            rows.append(row)
        projected.append(Option(option.name, option.connect, option.outside, round(option.service.mean * 1e6, 3),
                                rows, round(option.service.cpu_mean * 1e6, 3) if option.cpu_measured else None,
                                option.waits))
    decision = Decision(
        deployment={"partitions": deployment.partitions, "tasks": deployment.tasks, "workers": deployment.workers,
                    "cores_per_worker": deployment.cores_per_worker,
                    "poll_overhead_us": deployment.poll_overhead * 1e6,
                    "max_poll_records": deployment.max_poll_records,
                    "slo_p99_ms": None if deployment.slo_p99 is None else deployment.slo_p99 * 1e3},
        assumed=assumed, rates=configured, options=projected, verdict=[], curves={})
    decision.verdict = _verdict(results, decision, deployment)
    decision.curves = _curves(candidates, deployment, configured, sweep_points)
    return decision


def _curves(candidates: list[_Candidate], deployment: Deployment, rates: list[float], points: int) -> dict:
    """Each option over a log-spaced sweep of rates, up to past its saturation point, for the plots."""
    limit = max(project(o.service, max(rates), deployment).max_sustainable_rate for o in candidates)
    low = max(min(rates) / 10, 1.0)
    grid = sorted(set(np.geomspace(low, max(limit * 1.5, max(rates)), points).tolist()) | set(rates))
    curves = {}
    for option in candidates:
        rows = []
        for rate in grid:
            result = project(option.service, rate, deployment)
            rows.append({"rate": rate, "mean_us": None if result.mean_latency is None else result.mean_latency * 1e6,
                         "p99_us": None if result.p99_latency is None else result.p99_latency * 1e6,
                         "cores": result.cores + rate * option.outside_s, "saturated": result.saturated})
        curves[option.name] = {"points": rows, "saturates_at": result.max_sustainable_rate}
    return curves


def _verdict(results: Results, decision: Decision, deployment: Deployment) -> list[str]:
    said = []
    current = results.current_backend()
    chain_ns = results.median_ns("chain", current)
    chain_us = chain_ns / 1e3
    if chain_us < FINE_US:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): under {FINE_US:g} µs, fine as it is.")
    elif chain_us > OPTIMISE_US:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): over {OPTIMISE_US:g} µs, optimise it.")
    else:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): between {FINE_US:g} and "
                    f"{OPTIMISE_US:g} µs, worth a look at high rates.")
    if not chains.get(current).kafka:
        said.append("Measured on smtbench's own Python implementations only: Kafka's Java SMTs, what a Connect "
                    "worker runs, were not (add --backends jvm; it needs a JDK and smtbench[kafka], see "
                    "python -m bench doctor).")
    said += _waits(results, decision, current)
    end_to_end = results.median_ns("end-to-end", current)
    if end_to_end is not None:
        # the chain over the chain plus the converters (the pass-through), both in CPU time where measured: one
        # figure of two cells, never over 100% (end-to-end, a third cell, has its own noise)
        through = "pass-through", current if chains.get(current).kafka else None
        cpu = results.median_cpu_ns("chain", current), results.median_cpu_ns(*through)
        wall = chain_ns, results.median_ns(*through)
        chain_cost, converters = cpu if all(cpu) else wall
        share = chain_cost / (chain_cost + converters) if converters else chain_ns / end_to_end
        if share > WORTH_MOVING:
            said.append(f"It is {share:.0%} of the task's CPU per record: worth moving out of Connect (into the "
                        "producer or ksqlDB) or compiling.")
        else:
            said.append(f"It is {share:.0%} of the task's CPU per record; the converters cost more, so faster "
                        "transforms alone cannot halve the task's cost.")
    for backend in results.backends:
        ratio = results.ratio(backend, "chain")
        if ratio:
            said.append(f"On {chains.get(backend).label}, the chain runs {1 / ratio.median:.1f}x as fast as on "
                        f"{chains.get(chains.reference()).label}.")
    slo = deployment.slo_p99
    for index, rate in enumerate(decision.rates):
        best = cheapest(decision, index)
        goal = f"meets the p99 SLO of {slo * 1e3:g} ms" if slo else "keeps up"
        if best is not None:
            row = best.at[index]
            said.append(f"At {rate:,.0f} records/s the cheapest option that {goal} is {best.name}: "
                        f"{row['total_cores']:.2f} cores, p99 {fmt.us_whole(row['p99_latency_us'])}.")
        else:
            needed = _tasks_needed(decision, index, deployment)
            if needed is None:
                fix = "."
            elif needed <= deployment.partitions:
                fix = f"; raise tasks.max to about {needed} (the topic has {deployment.partitions} partitions)."
            else:
                fix = f"; it needs about {needed} busy tasks: that many partitions, and tasks.max {needed}."
            said.append(f"At {rate:,.0f} records/s no option {goal} with tasks.max {deployment.tasks} on "
                        f"{deployment.partitions} partitions{fix}")
    return said


def _waits(results: Results, decision: Decision, current: str) -> list[str]:
    """One sentence when the chain's wall time is over (1 + DIFFER) times its CPU time (a blocking lookup): tasks
    saturate long before the cores run out, so tasks.max (and partitions), not cores, limit it."""
    chain = results.stage("chain", current)
    option = next((o for o in decision.options if o.name == chains.get(current).label), None)
    if chain is None or not chain.waits or option is None or option.cpu_us_per_record is None:
        return []
    rate = max(decision.rates)
    busy = rate * option.us_per_record * 1e-6  # tasks' worth of wall time per second: Σ utilisations
    cores = rate * option.cpu_us_per_record * 1e-6
    return [f"The chain waits: {fmt.number(chain.ns_per_record.median / 1e3, 1)} µs wall, "
            f"{fmt.number(chain.cpu_ns_per_record.median / 1e3, 1)} µs CPU per record ({current}); tasks.max, not "
            f"cores, limits it: at {rate:,.0f} records/s the task's work keeps {busy:,.1f} tasks busy but "
            f"{cores:,.2f} cores."]


def cheapest(decision: Decision, index: int) -> Option | None:
    """The option the verdict names at ``decision.rates[index]`` (and the plots draw thick at the highest rate):
    the cheapest in total cores that keeps up there, and meets the p99 SLO when one is set; None when none does."""
    slo = decision.deployment.get("slo_p99_ms")
    fits = [o for o in decision.options if not o.at[index]["saturated"] and (not slo or o.at[index]["meets_slo"])]
    return min(fits, key=lambda o: o.at[index]["total_cores"], default=None)


def _tasks_needed(decision: Decision, index: int, deployment: Deployment) -> int | None:
    best = min(decision.options, key=lambda o: o.us_per_record, default=None)
    if best is None:
        return None
    rate = decision.rates[index]
    per_record = best.us_per_record * 1e-6 + deployment.poll_overhead / deployment.max_poll_records
    return math.ceil(rate * per_record / deployment.utilisation_ceiling)

