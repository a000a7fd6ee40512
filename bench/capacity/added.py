"""What a chain adds to the latency in the task: the same pipeline projected with it and without it."""

from __future__ import annotations

from .model import Service, project


def added_by_chain(rows: list[dict], deployment, us: float, chain_us: float, us_stdev: float = 0.0) -> list[dict]:
    """Per projected rate (``rows``: ``project(...).as_dict()`` at ``us`` µs per record), the mean and p99 latency
    in the task over the same pipeline without the chain's ``chain_us`` (nothing left: no time in the task without
    it); None where either saturates."""
    rest = us - chain_us
    without = Service.from_mean(rest * 1e-6, us_stdev * rest / us * 1e-6) if rest > 0 else None
    added = []
    for row in rows:
        base = project(without, row["rate"], deployment).as_dict() if without else {
            "saturated": False, "mean_latency_us": 0.0, "p99_latency_us": 0.0}
        known = not row["saturated"] and not base["saturated"]
        added.append({"rate": row["rate"], "saturated": row["saturated"],
                      "mean_us": row["mean_latency_us"] - base["mean_latency_us"] if known else None,
                      "p99_us": row["p99_latency_us"] - base["p99_latency_us"] if known else None})
    return added
