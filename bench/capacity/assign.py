"""Who gets what: Kafka's RangeAssignor (partitions to tasks), Connect's spread of tasks over workers, and what a
deployment becomes when workers are lost."""

from __future__ import annotations

from dataclasses import replace

import numpy as np


def range_assign(partitions: int, tasks: int, skew=None) -> list[float]:
    """Each task's share of the topic's records under Kafka's RangeAssignor: contiguous ranges, the first
    ``partitions % tasks`` tasks one partition more; tasks beyond the partition count get none."""
    weights = np.ones(partitions) if skew is None else np.asarray(skew, dtype=float)
    weights = weights / weights.sum()
    per_task, extra = divmod(partitions, tasks)
    shares, start = [], 0
    for task in range(tasks):
        count = per_task + (1 if task < extra else 0)
        shares.append(float(weights[start:start + count].sum()))
        start += count
    return shares


def place(tasks: int, workers: int) -> list[int]:
    """The worker of each task: round-robin by count, as Connect's assignors spread tasks (10 on 3: 4/3/3)."""
    return [task % workers for task in range(tasks)]


def after_losing(d, lost: int) -> tuple:
    """The deployment once ``lost`` workers are gone, and how many tasks went with them (the busiest workers
    first: 10 tasks on 3 workers, one lost: 4). Their tasks sit UNASSIGNED until Connect reassigns them (after
    scheduled.rebalance.max.delay.ms, 5 minutes by default); meanwhile the sink's consumer group spreads every
    partition over the tasks still running, which is what this deployment is."""
    if not 0 <= lost < d.workers:
        raise ValueError(f"the workers lost must be from 0 to {d.workers - 1} (the deployment has {d.workers})")
    gone = sum(1 for worker in place(d.tasks, d.workers) if worker < lost)
    if gone == d.tasks:
        raise ValueError(f"losing {lost} of {d.workers} workers leaves no task running")
    return replace(d, tasks=d.tasks - gone, workers=d.workers - lost), gone
