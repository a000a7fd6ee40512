"""The capacity and latency model (docs/model.md): per-record cost -> cores, latency, saturation, lag.

Kafka's RangeAssignor gives each task its partitions, and each task is its own single-server queue fed by them
(never pooled: a busy task cannot hand records to an idle one). Latency is the time a record spends in the task:
waiting, its poll batch, and the sink's ``put()`` for that batch. The formulas are checked against
capacity/simulate.py, a discrete-event simulation of the sink poll loop (tests/test_model.py):

- mean sojourn, the poll-batch formula ``E[S] + h + (ρ + ½)(h/(1−ρ) + λE[S²]/(1−ρ²))``. Where the task is often
  idle (h > 0 and λh < 5) it runs high, by 6-10% at λh = 1 and 39% at λh = 0.05, and the result says
  "approximate".
- producer bursts of X records: all X land in one poll batch and finish together, so a burst is one queue item
  whose service is the sum of X services, arriving at λ/X. (The textbook additive burst term is the M/G/1
  version; for the poll loop it runs 28-38% low.)
- p99 with h = 0 (capacity/tails.py): up to ρ = 0.7 sampled exactly from the loop's batches (seeded). A record that
  finds the task busy is done when the batch after the one it arrived in ends; a busy arrival's batch is a chain of
  geometric length, with P(m) = (1−ρ)ρ^m, of length-biased services and their Poisson arrivals, the way the M/G/1
  waiting time is a geometric sum of residual services. Past ρ = 0.8 the cost grows as 1/(1−ρ), and the model
  takes the exact-decay tail of the M/G/1 sojourn (θ solves λ(E[e^{θS}] − 1) = θ, C = θE[Wq]) stretched by the
  factor the batch formula puts on the mean, (2ρ+1)/(1+ρ): our own calibration. The two are mixed between. (The
  stretched tail alone ran 12-14% low at ρ = 0.025-0.05 with a fixed cost: a light-load wait is one uniform rest
  of a service, which an exponential fits badly.)
- p99 with h > 0: a gamma fitted to the poll cycle, sampled length-biased (a record more likely lands in a long
  cycle), seeded.
- saturation first: a task keeps up only if ``λ(E[S] + h/b) < 1``; past that no latency is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from . import limits
from .assign import place, range_assign
from .tails import poll_loop_tail, solve_quantile

#: A load this close to capacity counts as saturated: waits there are astronomically long and the formulas lose
#: their floating-point footing (ρ = 0.9999999999999999 is what 10^6/s at 1 µs rounds to).
AT_CAPACITY = 1.0 - 1e-9
_SAMPLES = 20_000
_LIGHT_LOAD = 5.0  # λh below this: the task idles between polls and the batch formula runs high


@dataclass(frozen=True)
class Service:
    """Per-record service time: wall-clock samples (seconds), which are how long a record holds its task (so they set
    the task's capacity, utilisation, saturation and latency), and the mean CPU time per record, which sizes the
    cores. They part when a stage waits: a lookup's network round trip holds the task but burns no CPU."""

    samples: np.ndarray
    cpu_mean: float

    @classmethod
    def from_samples(cls, wall, cpu_mean: float | None = None) -> Service:
        samples = np.asarray(wall, dtype=float)
        if samples.size == 0 or np.any(samples < 0) or not np.all(np.isfinite(samples)):
            raise ValueError("service samples must be finite, non-negative numbers")
        return cls(samples, float(samples.mean()) if cpu_mean is None else cpu_mean)

    @classmethod
    def from_mean(cls, mean: float, stdev: float = 0.0, cpu_mean: float | None = None, seed: int = 7) -> Service:
        """A gamma distribution with that mean and standard deviation (deterministic when stdev is 0)."""
        if not (math.isfinite(mean) and math.isfinite(stdev)) or mean <= 0 or stdev < 0:
            raise ValueError("the mean must be positive and the standard deviation not negative")
        if stdev == 0:
            samples = np.full(_SAMPLES, mean)
        else:
            shape = (mean / stdev) ** 2
            samples = np.random.default_rng(seed).gamma(shape, mean / shape, _SAMPLES)
        return cls(samples, mean if cpu_mean is None else cpu_mean)

    def scaled_to(self, mean: float, cpu_mean: float | None = None) -> Service:
        """The same shape with another mean (the harness's median, for instance)."""
        factor = mean / self.samples.mean()
        return Service(self.samples * factor, mean if cpu_mean is None else cpu_mean)

    @property
    def mean(self) -> float:
        return float(self.samples.mean())

    @property
    def m2(self) -> float:
        return float(np.mean(self.samples ** 2))

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.samples, q))

    def bursts(self, size: int, seed: int = 9) -> Service:
        """The service of ``size`` records taken together: sums of ``size`` independent samples."""
        rng = np.random.default_rng(seed)
        sums = rng.choice(self.samples, (len(self.samples), size)).sum(axis=1)
        return Service(sums, self.cpu_mean * size)


@dataclass(frozen=True)
class Deployment:
    """Where the chain runs: the topic, the connector's tasks and workers, the poll loop. Times in seconds."""

    partitions: int
    tasks: int
    workers: int = 1
    cores_per_worker: int | None = None
    poll_overhead: float = 0.0  # h: fixed cost per poll-loop iteration (the sink's put())
    max_poll_records: int = 500  # b
    burst: int = 1  # X: records a producer appends to a partition together
    skew: tuple | None = None  # relative weight of each partition
    utilisation_ceiling: float = 0.7
    slo_p99: float | None = None
    max_poll_interval: float = 300.0
    retention: float = 7 * 86_400.0

    def __post_init__(self):
        for name in ("partitions", "tasks", "workers", "max_poll_records"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("partitions", "tasks", "workers", "cores_per_worker"):
            if (getattr(self, name) or 0) > limits.MAX_UNITS:
                raise ValueError(f"{name} must be at most {limits.MAX_UNITS:,}")
        if not (math.isfinite(self.poll_overhead) and self.poll_overhead >= 0) or self.burst < 1 \
                or self.burst != int(self.burst) or self.burst > limits.MAX_BURST:
            raise ValueError("the poll overhead must be a finite number, not negative, and the burst size a whole "
                             f"number from 1 to {limits.MAX_BURST:,}")
        if not 0 < self.utilisation_ceiling <= 1:
            raise ValueError("the utilisation ceiling must be over 0 and at most 1")
        if self.slo_p99 is not None and not (math.isfinite(self.slo_p99) and self.slo_p99 > 0):
            raise ValueError("the p99 SLO must be a positive number")
        if self.skew is not None and (len(self.skew) != self.partitions or min(self.skew) < 0 or not sum(self.skew)
                                      or not all(map(math.isfinite, self.skew))):
            raise ValueError(f"skew needs one non-negative weight per partition ({self.partitions})")


# -- one task ------------------------------------------------------------------------------------------------------
@dataclass
class TaskQueue:
    rate: float
    utilisation: float  # ρ = λE[S]
    capacity: float  # μ = 1/(E[S] + h/b), records/s with full batches
    saturated: bool
    mean: float | None = None
    p99: float | None = None
    method: str = ""
    tail: object = field(default=None, repr=False)  # t -> P(T > t)


def queue(rate: float, service: Service, deployment: Deployment) -> TaskQueue:
    """One task fed at ``rate`` records/s: utilisation, capacity, and (if it keeps up) mean and p99 sojourn."""
    es, es2 = service.mean, service.m2
    h, b, burst = deployment.poll_overhead, deployment.max_poll_records, deployment.burst
    capacity = 1.0 / (es + h / b) if es + h / b > 0 else float("inf")
    rho = rate * es
    result = TaskQueue(rate, rho, capacity, saturated=rate * (es + h / b) >= AT_CAPACITY)
    if rate == 0:
        result.mean, result.p99, result.method = 0.0, 0.0, "idle"
        result.tail = lambda t: 0.0
        return result
    if result.saturated:
        result.method = "saturated"
        return result
    if burst > 1:  # a burst is one item of the batch: its X records finish together
        size = int(burst)
        inner = queue(rate / size, service.bursts(size), replace(deployment, burst=1,
                                                                  max_poll_records=max(1, b // size)))
        result.mean, result.p99, result.tail = inner.mean, inner.p99, inner.tail
        result.method = f"{inner.method}, bursts of {size} as one item"
        return result
    result.mean = es + h + (rho + 0.5) * (h / (1 - rho) + rate * es2 / (1 - rho * rho))
    light = 0 < rate * h < _LIGHT_LOAD
    if h == 0:
        tail, result.method = poll_loop_tail(rate, service)
    else:
        rng = np.random.default_rng(11)
        m1 = h / (1 - rho)
        m2 = (h * h + 2 * h * rho * m1 + rate * m1 * es2) / (1 - rho * rho)
        var = max(m2 - m1 * m1, 1e-30)
        shape, scale = m1 * m1 / var, var / m1
        n = 100_000
        cycle = rng.gamma(shape + 1, scale, n)  # length-biased gamma(k, s) is gamma(k + 1, s)
        spread = np.sqrt(np.maximum(rate * cycle * es2, 0.0))
        sojourn = (rng.random(n) * cycle + h + rng.choice(service.samples, n) + rho * cycle
                   + rng.standard_normal(n) * spread)
        sojourn.sort()

        def tail(t, sojourn=sojourn):
            return 1.0 - np.searchsorted(sojourn, t, side="right") / len(sojourn)
        result.method = "gamma poll-cycle" + (" (approximate: the task often idles)" if light else "")
    result.tail = tail
    result.p99 = solve_quantile(tail)
    return result


# -- a deployment at one input rate -------------------------------------------------------------------------------
@dataclass
class Projection:
    rate: float
    cores: float
    cores_per_worker: list
    active_tasks: int
    idle_tasks: int
    max_utilisation: float
    saturated: bool
    mean_latency: float | None
    p99_latency: float | None
    lag_growth_per_s: float
    max_sustainable_rate: float
    hours_behind_after_1h: float
    drain_time: float | None  # seconds to drain ``backlog`` (None: never, or no backlog given)
    hottest_task: dict
    meets_slo: bool | None
    method: str
    warnings: list
    #: the busy tasks' queues, one per distinct load, with their share of the records: (share, TaskQueue)
    queues: list = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        us = (lambda s: None if s is None else round(s * 1e6, 3))
        return {
            "rate": self.rate, "cores": round(self.cores, 4),
            "cores_per_worker": [round(c, 4) for c in self.cores_per_worker],
            "active_tasks": self.active_tasks, "idle_tasks": self.idle_tasks,
            "max_utilisation": round(self.max_utilisation, 4), "saturated": self.saturated,
            "mean_latency_us": us(self.mean_latency), "p99_latency_us": us(self.p99_latency),
            "lag_growth_per_s": round(self.lag_growth_per_s, 3),
            "max_sustainable_rate": round(self.max_sustainable_rate, 3),
            "hours_behind_after_1h": round(self.hours_behind_after_1h, 4),
            "drain_time_s": None if self.drain_time is None else round(self.drain_time, 3),
            "hottest_task": self.hottest_task, "meets_slo": self.meets_slo, "method": self.method,
            "warnings": self.warnings,
        }


def project(service: Service, rate: float, deployment: Deployment, backlog: float = 0.0) -> Projection:
    """Cores, latency, saturation and lag of ``deployment`` at ``rate`` records/s."""
    if not (math.isfinite(rate) and 0 <= rate <= limits.MAX_RATE):
        raise ValueError(f"a rate must be a finite number of records/s from 0 to {limits.MAX_RATE:.0e}, got {rate}")
    if not (math.isfinite(backlog) and backlog >= 0):
        raise ValueError(f"the backlog must be a finite number of records, 0 or more, got {backlog}")
    d = deployment
    shares = range_assign(d.partitions, d.tasks, d.skew)
    workers = place(d.tasks, d.workers)
    queues: dict = {}
    per_task = []
    for share in shares:
        key = round(rate * share, 9)
        if key not in queues:
            queues[key] = queue(rate * share, service, d)
        per_task.append(queues[key])
    active = [i for i, share in enumerate(shares) if share > 0]
    saturated = any(per_task[i].saturated for i in active)
    # a task at its capacity to the last bit of a float (a utilisation of 1.0000000000000002) does not fall behind
    lag = sum(q.rate - q.capacity for q in per_task if q.rate > q.capacity * (1 + 1e-9))
    behind = max((1 - q.capacity / q.rate for q in per_task if q.rate > q.capacity), default=0.0)
    sustainable = min(per_task[i].capacity / shares[i] for i in active)
    cores_per_worker = [0.0] * d.workers
    for task, q in enumerate(per_task):
        cores_per_worker[workers[task]] += q.rate * service.cpu_mean
    tasks_saturated = saturated
    if d.cores_per_worker and max(cores_per_worker) > d.cores_per_worker * (1 + 1e-9):
        # A worker that needs more cores than it has runs its tasks slower than measured: they share the cores, so
        # no latency holds, and the worker processes at most its cores' worth of records.
        saturated = True
        short = [(need - d.cores_per_worker) / service.cpu_mean for need in cores_per_worker
                 if need > d.cores_per_worker]
        lag = max(lag, sum(short))
        behind = max(behind, max(short) / rate)
        sustainable = min(sustainable, rate * d.cores_per_worker / max(cores_per_worker))
    hottest = max(active, key=lambda i: per_task[i].utilisation)
    hot = per_task[hottest]
    mean = p99 = None
    distinct: dict = {}
    if not saturated:
        weights = np.array([per_task[i].rate for i in active])
        weights = weights / weights.sum()
        mean = float(sum(w * per_task[i].mean for w, i in zip(weights, active)))
        for w, i in zip(weights, active):
            distinct[id(per_task[i])] = (distinct.get(id(per_task[i]), (0.0, per_task[i]))[0] + w, per_task[i])
        p99 = solve_quantile(lambda t: sum(w * q.tail(t) for w, q in distinct.values()))
    drain = None
    if backlog > 0 and not saturated:
        drain = max(backlog * shares[i] / (per_task[i].capacity - per_task[i].rate) for i in active)
    warnings = _warnings(service, d, rate, per_task, cores_per_worker, tasks_saturated, behind, lag)
    return Projection(
        rate=rate, cores=rate * service.cpu_mean, cores_per_worker=cores_per_worker, active_tasks=len(active),
        idle_tasks=d.tasks - len(active), max_utilisation=max(q.utilisation for q in per_task),
        saturated=saturated, mean_latency=mean, p99_latency=p99, lag_growth_per_s=lag,
        max_sustainable_rate=sustainable, hours_behind_after_1h=behind, drain_time=drain,
        hottest_task={"task": hottest, "rate": round(hot.rate, 3), "utilisation": round(hot.utilisation, 4),
                      "mean_latency_us": None if hot.mean is None else round(hot.mean * 1e6, 3),
                      "p99_latency_us": None if hot.p99 is None else round(hot.p99 * 1e6, 3)},
        meets_slo=None if d.slo_p99 is None else (p99 is not None and p99 <= d.slo_p99),
        method=hot.method, warnings=warnings, queues=list(distinct.values()),
    )


def _warnings(service, d, rate, per_task, cores_per_worker, saturated, behind, lag) -> list[str]:
    said = []
    if d.tasks > d.partitions:
        said.append(f"{d.tasks - d.partitions} of {d.tasks} tasks sit idle: tasks.max ({d.tasks}) is more than "
                    f"the {d.partitions} partitions")
    if saturated and lag < 1e-6 * rate:  # (the tasks' own saturation; a worker short of cores is said below)
        said.append("SATURATED: the hottest task runs at 100% of its capacity, with no headroom: its queue and "
                    "latency grow without bound")
    elif saturated:
        said.append(f"SATURATED: the hottest task gets {max(q.rate for q in per_task):,.0f} records/s but can "
                    f"process {min(q.capacity for q in per_task):,.0f}/s; lag grows by {lag:,.0f} records/s")
        if behind > 1e-9:
            days = d.retention / behind / 86_400
            said.append(f"at this rate the consumer falls behind by {behind:.0%} of each hour: records older than "
                        f"the retention ({d.retention / 86_400:.0f} days) are deleted unread after {days:.1f} days")
    batch_time = d.max_poll_records * service.quantile(0.999) + d.poll_overhead
    if batch_time > d.max_poll_interval:
        said.append(f"a full batch of {d.max_poll_records} slow records takes {batch_time:.0f} s, more than "
                    f"max.poll.interval.ms ({d.max_poll_interval:.0f} s): the consumer would be evicted and "
                    "rebalance in a loop; lower max.poll.records")
    hottest = max(q.utilisation for q in per_task)
    if not saturated and hottest > d.utilisation_ceiling:
        said.append(f"the hottest task runs at {hottest:.0%} of its capacity, over the {d.utilisation_ceiling:.0%} "
                    "ceiling: its latency climbs steeply toward 100%, and a burst saturates it; add tasks and "
                    "partitions")
    if d.cores_per_worker:
        for worker, cores in enumerate(cores_per_worker):
            if cores > d.cores_per_worker:
                said.append(f"CPU-BOUND: worker {worker} needs {cores:.2f} cores but has {d.cores_per_worker}: its "
                            "tasks share the cores and run slower than measured, so no latency holds and lag grows "
                            f"by {(cores - d.cores_per_worker) / service.cpu_mean:,.0f} records/s; add workers or "
                            "cores")
            elif cores > d.utilisation_ceiling * d.cores_per_worker:
                said.append(f"worker {worker} needs {cores:.2f} cores, above {d.utilisation_ceiling:.0%} of its "
                            f"{d.cores_per_worker}")
    return said
