"""What to do about a chain: every option projected at the user's rates, and a verdict in words.

Options: keep the chain interpreted (python), compile it (cython), fuse it into one pass (fused), move it
into the producer (Connect then runs only the converters), or move it to ksqlDB (Connect runs only the converters;
ksqlDB's per-record cost is an assumption, stated, configurable).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import chains
from ..results.results import Decision, Option, Results
from . import limits
from .assign import after_losing
from .connect import FETCH_MAX_WAIT_MS, FETCH_MIN_BYTES, NOT_MODELLED, Fetch, added, in_connect, to_us
from .model import Deployment, Service, project
from .verdict import verdict

#: Confluent's ksqlDB capacity-planning guide: a projection/filter query runs 40-50 MB/s on a 4-core server, about
#: 50K small records/s per core. An assumption the report states, not a measurement.
KSQLDB_US_PER_RECORD = 20.0
DEFAULT_RATES = (1_000, 10_000, 100_000)
_QUANTILES = 2_000  # per-record samples kept for the model: quantiles of the measured distribution


def deployment_from(projection: dict, record_bytes: float = 0.0) -> tuple[Deployment, Fetch, list[float], list[str]]:
    """The chain file's ``projection:`` block as a Deployment and the consumer's Fetch settings, the rates, and what
    was assumed for missing keys (Connect's defaults, in Connect's words)."""
    assumed = []

    def get(key, default, said=None):
        if key not in projection:
            assumed.append(said or f"{key} = {default}")
        return projection.get(key, default)

    rates = [float(r) for r in get("rates", list(DEFAULT_RATES))]
    partitions = int(get("partitions", limits.DEFAULT_PARTITIONS))
    deployment = Deployment(
        partitions=partitions, tasks=int(get("tasks", partitions)), workers=int(get("workers", 1)),
        cores_per_worker=projection.get("cores_per_worker"),
        poll_overhead=float(get("put_ms", 0.0, "the sink's put() takes 0 ms per batch (projection.put_ms: a JDBC "
                                               "batch insert or an S3 part upload is often milliseconds)")) * 1e-3,
        max_poll_records=int(get("max_poll_records", 500, "max.poll.records = 500 (Connect's default)")),
        burst=int(projection.get("producer_burst", 1)),
        skew=tuple(projection["skew"]) if "skew" in projection else None,
        utilisation_ceiling=float(projection.get("utilisation_ceiling", 0.7)),
        slo_p99=float(projection["slo_p99_ms"]) / 1e3 if "slo_p99_ms" in projection else None,
    )
    fetch = Fetch(int(get("fetch_min_bytes", FETCH_MIN_BYTES, "fetch.min.bytes = 1 (the consumer's default: a fetch "
                                                              "returns with the first record)")),
                  float(get("fetch_max_wait_ms", FETCH_MAX_WAIT_MS, "fetch.max.wait.ms = 500")) / 1e3, record_bytes)
    return deployment, fetch, rates, assumed


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
    without: Service | None = None  # the same task without the chain (its converters only; None: nothing)
    latency: str = "modelled"  # Option.latency
    spread: tuple = (1.0, 1.0)  # its cost's lowest and highest process median over the median
    measured: bool = True  # Option.measured: False where its cost outside Connect is an assumption (ksqlDB)


def _measured(results: Results, stage: str, backend: str | None) -> tuple[float | None, float | None]:
    """Seconds per record of ``stage`` on ``backend``: the median wall time and CPU time (each None if not
    measured)."""
    wall, cpu = results.median_ns(stage, backend), results.median_cpu_ns(stage, backend)
    return None if wall is None else wall * 1e-9, None if cpu is None else cpu * 1e-9


def _spread(results: Results, stage: str, backend: str | None) -> tuple[float, float]:
    """The lowest and highest process median of ``stage`` over its median (NsPerRecord.range): how far the run's
    figure could move on a machine that drifts as this one did."""
    ns = results.stage(stage, backend).ns_per_record
    low, high = ns.range()
    return low / ns.median, high / ns.median


def options(results: Results, costs: dict, ksqldb_us: float) -> list[_Candidate]:
    """The options to project: each measured backend, then (with a converter) the chain moved out of Connect.

    ``costs`` has each record's own cost for the backends timed in Python (their shape); a backend timed in the
    JVM takes the reference backend's shape at its own measured level. Where Kafka's own classes were measured,
    the converters Connect keeps are Kafka's too. Each option's task without the chain is the converters it runs
    (Kafka's for Kafka's classes, smtbench's for its own backends): what the chain adds is the difference."""
    current = results.current_backend()
    shape = next((costs[b] for b in chains.names() if b in costs), costs.get("pass-through"))
    converters_only = {}  # converters key (chains.converters) -> their task alone, None without a converter
    for key in {chains.converters(b) for b in chains.names()}:
        wall, cpu = _measured(results, "pass-through", key)
        converters_only[key] = None if wall is None else service_from(costs["pass-through"], wall, cpu)

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
                                    results.stage(stage, backend).waits, converters_only[chains.converters(backend)],
                                    spread=_spread(results, stage, backend)))
    converters = chains.converters(current)
    service = converters_only[converters]
    if service is not None:
        waits = results.stage("pass-through", converters).waits
        cpu_measured = results.median_cpu_ns("pass-through", converters) is not None
        spread = _spread(results, "pass-through", converters)
        # a Python producer runs smtbench's fastest measured way (build_chain(spec, backend="fused"), when built)
        own = [b for b in chains.names() if not chains.get(b).kafka and results.median_ns("chain", b)]
        producer = min(own, key=lambda b: results.median_ns("chain", b)) if own else current
        chain_wall, chain_cpu = _measured(results, "chain", producer)
        found.append(_Candidate("in the producer", "converters only", service,
                                chain_wall if chain_cpu is None else chain_cpu,
                                f"the chain's work moves to the producers (at least its {producer} cost per record, "
                                f"as transforms.build_chain(..., backend={producer!r}) runs it), which adds at least "
                                "that to each record's time in the producer", cpu_measured, waits, service, "moved",
                                spread))
        found.append(_Candidate("in ksqlDB", "converters only", service, ksqldb_us * 1e-6,
                                f"ksqlDB at an assumed {ksqldb_us:g} µs per record per core "
                                "(projection.ksqldb_us_per_record), not measured; its latency (another hop through "
                                "Kafka) is not modelled", cpu_measured, waits, service, "not modelled", spread,
                                measured=False))
    return found


def _row(option: _Candidate, rate: float, deployment: Deployment, fetch: Fetch) -> dict:
    """One option at one rate: the model's figures (capacity, cores, the latency in the task), the latency in
    Connect (with the fetch wait, which the SLO is judged on), what the chain adds, and the low and high ends from
    the processes' spread."""
    found = project(option.service, rate, deployment)
    row = found.as_dict()
    row["outside_cores"] = round(rate * option.outside_s, 4)
    row["total_cores"] = round(row["cores"] + row["outside_cores"], 4)
    if option.latency == "not modelled":
        row.update(mean_latency_us=None, p99_latency_us=None, meets_slo=None, added_mean_us=None,
                   added_p99_us=None, connect_p99_us=None, fetch_wait_mean_us=None)
    else:
        latency = in_connect(found, fetch)
        without = project(option.without, rate, deployment) if option.without and option.latency == "modelled" \
            else found if option.latency == "moved" else None
        mean, p99 = added(found, without)
        row.update(added_mean_us=to_us(mean), added_p99_us=to_us(p99), connect_p99_us=to_us(latency.p99),
                   fetch_wait_mean_us=to_us(latency.fetch_mean),
                   meets_slo=latency.meets(deployment.slo_p99))
    ends = [project(option.service.scaled_to(option.service.mean * f, option.service.cpu_mean * f), rate, deployment)
            for f in option.spread]
    row["range"] = {"total_cores": [round(end.cores + row["outside_cores"], 4) for end in ends],
                    "p99_latency_us": [to_us(end.p99_latency) for end in ends] if row["p99_latency_us"] else None,
                    "saturated": [end.saturated for end in ends]}
    return row


def decide(results: Results, costs: dict, projection: dict, sweep_points: int = 30) -> Decision:
    """Project every option at every rate and say what to do. ``costs``: per-record seconds per backend and
    'pass-through' (measure/costs.py)."""
    deployment, fetch, configured, assumed = deployment_from(projection, results.messages.bytes_per_record)
    ksqldb_us = float(projection.get("ksqldb_us_per_record", KSQLDB_US_PER_RECORD))
    candidates = options(results, costs, ksqldb_us)
    unmeasured = [o.name for o in candidates if not o.cpu_measured]
    if unmeasured:  # a summary from before CPU time was measured, or a JVM without a thread CPU clock
        assumed.append(f"CPU time per record = wall time for {', '.join(unmeasured)} (not measured)")
    projected = [Option(option.name, option.connect, option.outside, round(option.service.mean * 1e6, 3),
                        [_row(option, rate, deployment, fetch) for rate in configured],
                        round(option.service.cpu_mean * 1e6, 3) if option.cpu_measured else None, option.waits,
                        option.latency, option.measured)
                 for option in candidates]
    decision = Decision(
        deployment={"partitions": deployment.partitions, "tasks": deployment.tasks, "workers": deployment.workers,
                    "cores_per_worker": deployment.cores_per_worker, "put_ms": deployment.poll_overhead * 1e3,
                    "max_poll_records": deployment.max_poll_records, "fetch_min_bytes": fetch.min_bytes,
                    "fetch_max_wait_ms": fetch.max_wait * 1e3, "bytes_per_record": fetch.record_bytes,
                    "slo_p99_ms": None if deployment.slo_p99 is None else deployment.slo_p99 * 1e3,
                    "not_modelled": NOT_MODELLED},
        assumed=assumed, rates=configured, options=projected, verdict=[], curves={})
    decision.verdict = verdict(results, decision, deployment)
    decision.curves = _curves(candidates, deployment, configured, sweep_points)
    today = next((o for o in candidates if o.name == chains.get(results.current_backend()).label), None)
    if deployment.workers > 1 and today is not None:
        decision.lost_worker = _lost_worker(today, deployment, configured)
    return decision


def _lost_worker(today: _Candidate, deployment: Deployment, rates: list[float]) -> dict:
    """Today's option once the busiest worker is lost: its tasks unassigned, every partition on the tasks left
    (none left: no rows, everything lags)."""
    found = {"option": today.name, "workers": 1}
    try:
        left, gone = after_losing(deployment, 1)
    except ValueError:  # that worker ran every task
        return dict(found, tasks_unassigned=deployment.tasks, tasks_left=0, rates=[])
    return dict(found, tasks_unassigned=gone, tasks_left=left.tasks,
                rates=[project(today.service, rate, left).as_dict() for rate in rates])


def _curves(candidates: list[_Candidate], deployment: Deployment, rates: list[float], points: int) -> dict:
    """Each option over a log-spaced sweep of rates, up to past its saturation point, for the plots (an option
    whose latency is not modelled has none there either)."""
    limit = max(project(o.service, max(rates), deployment).max_sustainable_rate for o in candidates)
    low = max(min(rates) / 10, 1.0)
    grid = sorted(set(np.geomspace(low, max(limit * 1.5, max(rates)), points).tolist()) | set(rates))
    curves = {}
    for option in candidates:
        rows, modelled = [], option.latency != "not modelled"
        for rate in grid:
            result = project(option.service, rate, deployment)
            rows.append({"rate": rate, "mean_us": to_us(result.mean_latency) if modelled else None,
                         "p99_us": to_us(result.p99_latency) if modelled else None,
                         "cores": result.cores + rate * option.outside_s, "saturated": result.saturated})
        curves[option.name] = {"points": rows, "saturates_at": result.max_sustainable_rate}
    return curves
