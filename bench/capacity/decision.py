"""What to do about a chain: every option projected at the user's rates, and a verdict in words.

Options: keep the chain interpreted (python), compile it (cython), fuse it (when that backend exists), move it
into the producer (Connect then runs only the converters), or move it to ksqlDB (Connect runs only the converters;
ksqlDB's per-record cost is an assumption, stated, configurable).
"""

from __future__ import annotations

import math

import numpy as np

from .model import Deployment, Service, project

#: ksqlDB's published capacity for a projection/filter query, ~50K small records/s per core (SMT_SEMANTICS.md)
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
    partitions = int(get("partitions", 12))
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


def service_from(costs, median_s: float) -> Service:
    """The measured per-record distribution (shape), scaled to the harness's median (level)."""
    costs = np.sort(np.asarray(costs, dtype=float))
    qs = (np.arange(_QUANTILES) + 0.5) / _QUANTILES
    return Service.from_samples(np.quantile(costs, qs)).scaled_to(median_s)


def options(summary: dict, costs: dict, ksqldb_us: float) -> list[dict]:
    """The options to project: name, what runs in Connect, its service, and cores spent outside Connect."""
    stage = {(s["stage"], s["backend"]): s["ns_per_record"]["median"] * 1e-9 for s in summary["stages"]}
    chain_python = stage.get(("chain", "python")) or stage.get(("chain", summary["backends"][0]))
    found = []
    for backend, label in (("python", "interpreted (python)"), ("cython", "compiled (cython)")):
        if ("end-to-end", backend) in stage:
            found.append({"name": label, "connect": f"converters + the chain, {backend} twins",
                          "service": service_from(costs[backend], stage["end-to-end", backend]),
                          "outside_s": 0.0, "outside": ""})
    if ("pass-through", None) in stage:
        through = service_from(costs["pass-through"], stage["pass-through", None])
        found.append({"name": "in the producer", "connect": "converters only",
                      "service": through, "outside_s": chain_python,
                      "outside": "the chain's work moves to the producers (at least its python cost per record)"})
        found.append({"name": "in ksqlDB", "connect": "converters only", "service": through,
                      "outside_s": ksqldb_us * 1e-6,
                      "outside": f"ksqlDB at an assumed {ksqldb_us:g} µs per record per core "
                                 "(projection.ksqldb_us_per_record); its own latency is not modelled"})
    return found


def decide(summary: dict, costs: dict, projection: dict, sweep_points: int = 30) -> dict:
    """Project every option at every rate and say what to do. ``costs``: per-record seconds per backend and
    'pass-through' (bench.workload.record_costs)."""
    deployment, configured, assumed = deployment_from(projection)
    ksqldb_us = float(projection.get("ksqldb_us_per_record", KSQLDB_US_PER_RECORD))
    opts = options(summary, costs, ksqldb_us)
    out = {"deployment": {"partitions": deployment.partitions, "tasks": deployment.tasks,
                          "workers": deployment.workers, "cores_per_worker": deployment.cores_per_worker,
                          "poll_overhead_us": deployment.poll_overhead * 1e6,
                          "max_poll_records": deployment.max_poll_records,
                          "slo_p99_ms": None if deployment.slo_p99 is None else deployment.slo_p99 * 1e3},
           "assumed": assumed, "rates": configured, "options": []}
    for option in opts:
        rows = []
        for rate in configured:
            result = project(option["service"], rate, deployment).as_dict()
            result["outside_cores"] = round(rate * option["outside_s"], 4)
            result["total_cores"] = round(result["cores"] + result["outside_cores"], 4)
            rows.append(result)
        out["options"].append({"name": option["name"], "connect": option["connect"], "outside": option["outside"],
                               "us_per_record": round(option["service"].mean * 1e6, 3), "at": rows})
    out["fused"] = "not available yet: the fused backend is not built"
    out["verdict"] = _verdict(summary, out, deployment)
    out["curves"] = _curves(opts, deployment, configured, sweep_points)
    return out


def _curves(opts: list[dict], deployment: Deployment, rates: list[float], points: int) -> dict:
    """Each option over a log-spaced sweep of rates, up to past its saturation point, for the plots."""
    limit = max(project(o["service"], max(rates), deployment).max_sustainable_rate for o in opts)
    low = max(min(rates) / 10, 1.0)
    grid = sorted(set(np.geomspace(low, max(limit * 1.5, max(rates)), points).tolist()) | set(rates))
    curves = {}
    for option in opts:
        rows = []
        for rate in grid:
            result = project(option["service"], rate, deployment)
            rows.append({"rate": rate, "mean_us": None if result.mean_latency is None else result.mean_latency * 1e6,
                         "p99_us": None if result.p99_latency is None else result.p99_latency * 1e6,
                         "cores": result.cores + rate * option["outside_s"], "saturated": result.saturated})
        curves[option["name"]] = {"points": rows, "saturates_at": result.max_sustainable_rate}
    return curves


def _verdict(summary: dict, decision: dict, deployment: Deployment) -> list[str]:
    stage = {(s["stage"], s["backend"]): s["ns_per_record"]["median"] for s in summary["stages"]}
    said = []
    current = "python" if ("chain", "python") in stage else summary["backends"][0]
    chain_us = stage["chain", current] / 1e3
    if chain_us < FINE_US:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): under {FINE_US:g} µs, fine as it is.")
    elif chain_us > OPTIMISE_US:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): over {OPTIMISE_US:g} µs, optimise it.")
    else:
        said.append(f"The chain costs {chain_us:.1f} µs per record ({current}): between {FINE_US:g} and "
                    f"{OPTIMISE_US:g} µs, worth a look at high rates.")
    if ("end-to-end", current) in stage:
        share = stage["chain", current] / stage["end-to-end", current]
        if share > WORTH_MOVING:
            said.append(f"It is {share:.0%} of the task's CPU per record: worth moving out of Connect (into the "
                        "producer or ksqlDB) or compiling.")
        else:
            said.append(f"It is {share:.0%} of the task's CPU per record; the converters cost more, so faster "
                        "transforms alone cannot halve the task's cost.")
    ratio = summary["ratios"].get("cython/python", {}).get("chain")
    if ratio:
        said.append(f"Compiling (cython) makes the chain {1 / ratio['median']:.1f}x as fast.")
    slo = deployment.slo_p99
    for index, rate in enumerate(decision["rates"]):
        fits = [(o["at"][index]["total_cores"], o["name"], o["at"][index]) for o in decision["options"]
                if not o["at"][index]["saturated"] and (slo is None or o["at"][index]["meets_slo"])]
        goal = f"meets the p99 SLO of {slo * 1e3:g} ms" if slo else "keeps up"
        if fits:
            cores, name, row = min(fits, key=lambda f: f[0])
            said.append(f"At {rate:,.0f} records/s the cheapest option that {goal} is {name}: {cores:.2f} cores, "
                        f"p99 {_ms(row['p99_latency_us'])}.")
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


def _tasks_needed(decision: dict, index: int, deployment: Deployment) -> int | None:
    best = min((o for o in decision["options"]), key=lambda o: o["us_per_record"], default=None)
    if best is None:
        return None
    rate = decision["rates"][index]
    per_record = best["us_per_record"] * 1e-6 + deployment.poll_overhead / deployment.max_poll_records
    return math.ceil(rate * per_record / deployment.utilisation_ceiling)


def _ms(us) -> str:
    return "n/a" if us is None else (f"{us / 1e3:.2f} ms" if us >= 1e3 else f"{us:.0f} µs")
