"""Latency in Connect's terms (bench/capacity/connect.py): the fetch wait on top of the task's latency, and what the
chain adds; checked against a direct sampling of the sum. Also each record's cost as the median of its passes
(bench/measure/costs.py), which keeps the machine's random pauses out of the model's tail."""

import time
from pathlib import Path

import numpy as np
import pytest

from bench.capacity.connect import Fetch, added, in_connect
from bench.capacity.model import Deployment, Service, project
from bench.input import chainfile
from bench.measure import costs
from bench.measure.prepare import prepare

EXAMPLE = Path(__file__).parent.parent / "examples" / "orders.yaml"

SERVICE = Service.from_mean(10e-6, 5e-6)


def test_a_fetch_waits_only_when_one_record_does_not_fill_it():
    assert Fetch(1, 0.5, 300).window(1_000) == 0  # Connect's default: a fetch returns with the first record
    assert Fetch(300, 0.5, 300).window(1_000) == 0
    assert Fetch(30_000, 0.5, 300).window(1_000) == pytest.approx(0.1)  # 100 records of 300 bytes at 1,000/s
    assert Fetch(3_000_000, 0.5, 300).window(1_000) == 0.5  # fetch.max.wait.ms caps it
    assert Fetch(30_000, 0.5, 0).window(1_000) == 0.5  # bytes unknown: as long as it may
    with pytest.raises(ValueError):
        Fetch(0, 0.5, 300)


def test_with_the_default_fetch_the_latency_in_connect_is_the_task_s():
    found = project(SERVICE, 50_000, Deployment(partitions=4, tasks=4))
    latency = in_connect(found, Fetch(record_bytes=500))
    assert (latency.mean, latency.p99, latency.fetch_mean) == (found.mean_latency, found.p99_latency, 0.0)


def test_the_fetch_wait_adds_to_the_mean_and_the_p99_as_a_sampled_sum_does():
    # 2 tasks of 3 and 1 partitions: 7,500 and 2,500 records/s, windows of 13.3 ms and 40 ms at 100 bytes a record
    deployment = Deployment(partitions=4, tasks=2)
    found = project(SERVICE, 10_000, deployment)
    fetch = Fetch(10_000, 0.5, 100)
    latency = in_connect(found, fetch)
    windows = [(share, fetch.window(queue.rate)) for share, queue in found.queues]
    assert latency.fetch_mean == pytest.approx(sum(share * w / 2 for share, w in windows))
    assert latency.mean == pytest.approx(found.mean_latency + latency.fetch_mean)
    # the p99 of the sum, sampled: the task's sojourn (by inverting its tail) plus a uniform wait, per task
    rng = np.random.default_rng(5)
    sums = []
    for (share, queue), (_, window) in zip(found.queues, windows):
        n = int(400_000 * share)
        grid = np.linspace(0, found.p99_latency * 4, 4_000)
        cdf = 1 - np.array([queue.tail(t) for t in grid])
        sojourn = np.interp(rng.random(n), cdf, grid)
        sums.append(sojourn + rng.random(n) * window)
    assert latency.p99 == pytest.approx(np.quantile(np.concatenate(sums), 0.99), rel=0.02)


def test_what_the_chain_adds_is_with_it_minus_without_it():
    deployment = Deployment(partitions=12, tasks=12)
    with_chain = project(Service.from_mean(103e-6), 100_000, deployment)
    without = project(Service.from_mean(3e-6), 100_000, deployment)
    mean, p99 = added(with_chain, without)
    assert mean == pytest.approx(with_chain.mean_latency - without.mean_latency) and 0 < p99 < with_chain.p99_latency
    assert added(with_chain, None) == (with_chain.mean_latency, with_chain.p99_latency)  # nothing but the chain
    saturated = project(Service.from_mean(200e-6), 100_000, deployment)
    assert added(saturated, without) == (None, None)


class _Paused:
    """A chain that stalls once, as a busy machine takes the core away at one random moment of one pass."""

    def __init__(self, at: int):
        self.calls, self.at = 0, at

    def __call__(self, record):
        self.calls += 1
        if self.calls == self.at:
            time.sleep(0.02)
        return record


def test_a_pause_in_one_pass_is_not_a_record_s_cost():
    made = prepare(chainfile.load(EXAMPLE), ["python"], records=200)
    each = costs._each(made, made.codec(), _Paused(at=len(made.wire) + 3), "output")  # the 2nd pass, 3rd record
    assert len(each) == 200 and max(each) < 0.01  # the median of 3 passes: the 20 ms pause is gone
