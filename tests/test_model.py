"""The capacity model (bench/capacity/model.py) against the poll-loop simulation (bench/capacity/simulate.py), at
the tolerances docs/model.md sets, plus Kafka's assignment rules. Seeded: the same numbers every run."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.capacity.model import AT_CAPACITY, Deployment, Service, place, project, queue, range_assign
from bench.capacity.simulate import simulate
from bench.capacity.tails import mg1_tail, solve_quantile

SERVICE = Service.from_samples(np.random.default_rng(0).gamma(4.0, 2.5e-6, 20_000))  # mean 10 µs, cv 0.5


def one_task(h=0.0, b=500):
    return Deployment(partitions=1, tasks=1, poll_overhead=h, max_poll_records=b)


@pytest.mark.parametrize("rho, tolerance, records", [(0.5, 0.03, 400_000), (0.8, 0.03, 400_000),
                                                     (0.95, 0.05, 1_000_000)])
def test_mg1_mean_wait(rho, tolerance, records):
    rate = rho / SERVICE.mean
    formula = rate * SERVICE.m2 / (2 * (1 - rho))  # Pollaczek-Khinchine
    simulated = simulate(rate, SERVICE.samples, records, max_poll=1, seed=2).mean_wait  # b = 1, h = 0: M/G/1
    assert simulated == pytest.approx(formula, rel=tolerance)


@pytest.mark.parametrize("h", [0.0, 50e-6, 1e-3])
@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_poll_batch_mean_sojourn(h, rho):
    rate = rho / SERVICE.mean
    model = queue(rate, SERVICE, one_task(h))
    assert simulate(rate, SERVICE.samples, 300_000, poll_overhead=h, seed=3).mean == pytest.approx(model.mean,
                                                                                                    rel=0.03)


@pytest.mark.parametrize("rho", [0.5, 0.8, 0.95])
def test_exact_decay_p99_of_mg1(rho):
    rate = rho / SERVICE.mean
    formula = solve_quantile(mg1_tail(rate, SERVICE))
    assert simulate(rate, SERVICE.samples, 1_000_000, max_poll=1, seed=2).p99 == pytest.approx(formula, rel=0.05)


@pytest.mark.parametrize("rho", [0.5, 0.75, 0.8])
def test_p99_of_the_poll_loop_without_put_cost(rho):
    # h = 0 against the poll loop itself: the sampled batches (0.5), mixed with our stretch of the exact-decay tail
    # (0.75), the stretched tail alone (0.8).
    rate = rho / SERVICE.mean
    model = queue(rate, SERVICE, one_task())
    assert simulate(rate, SERVICE.samples, 1_000_000, seed=2).p99 == pytest.approx(model.p99, rel=0.05)


def test_light_load_p99_of_four_busy_tasks():
    # The case: 10 µs a record, 10,000 records/s on 4 partitions and 8 tasks (4 busy, ρ = 0.025 each). A
    # record waits with probability ρ, behind a uniform rest of one service: p99 = 16 µs, not the 13.9 µs of an
    # exponential tail.
    service = Service.from_mean(10e-6)
    model = project(service, 10_000, Deployment(partitions=4, tasks=8))
    assert model.method == "sampled poll-loop batches"
    assert simulate(2_500, service.samples, 300_000, seed=6).p99 == pytest.approx(model.p99_latency, rel=0.05)


@pytest.mark.parametrize("cv, rho", [(0, 0.015), (0, 0.05), (0, 0.2), (0.5, 0.1), (1.5, 0.1), (1.5, 0.2), (1.5, 0.35)])
def test_light_load_p99(cv, rho):
    service = Service.from_mean(10e-6, cv * 10e-6)
    rate = rho / service.mean
    model = queue(rate, service, one_task())
    assert simulate(rate, service.samples, 300_000, seed=6).p99 == pytest.approx(model.p99, rel=0.05)


def test_the_p99_rises_with_the_rate_and_is_the_same_every_time():
    # The sampled tail draws the same numbers at every rate, and is mixed into the exact-decay tail over 0.7-0.8.
    loads = np.linspace(0.01, 0.9, 30)
    p99 = [queue(rho / SERVICE.mean, SERVICE, one_task()).p99 for rho in loads]
    assert all(b >= a for a, b in zip(p99, p99[1:]))
    assert queue(loads[9] / SERVICE.mean, SERVICE, one_task()).p99 == p99[9]


@pytest.mark.parametrize("h", [50e-6, 1e-3])
@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_p99_with_put_cost(h, rho):
    rate = rho / SERVICE.mean
    model = queue(rate, SERVICE, one_task(h))
    assert simulate(rate, SERVICE.samples, 600_000, poll_overhead=h, seed=4).p99 == pytest.approx(model.p99,
                                                                                                   rel=0.05)


deployments = st.builds(
    Deployment, partitions=st.integers(1, 24), tasks=st.integers(1, 24), workers=st.integers(1, 4),
    poll_overhead=st.sampled_from([0.0, 1e-5, 1e-3]), max_poll_records=st.sampled_from([1, 50, 500]),
)


@settings(max_examples=300, deadline=None)
@given(deployment=deployments, mean_us=st.floats(1, 2000), rate=st.floats(1, 2e6))
def test_a_saturated_deployment_never_gets_a_latency(deployment, mean_us, rate):
    service = Service.from_mean(mean_us * 1e-6)
    result = project(service, rate, deployment)
    shares = range_assign(deployment.partitions, deployment.tasks)
    loads = [rate * share * (service.mean + deployment.poll_overhead / deployment.max_poll_records)
             for share in shares if share > 0]
    overloaded = max(loads) >= AT_CAPACITY
    assert result.saturated == overloaded
    if overloaded:
        assert result.mean_latency is None and result.p99_latency is None
        assert result.lag_growth_per_s >= 0 and (result.lag_growth_per_s > 0) == (max(loads) > 1 + 1e-9)
    else:  # a record takes its own service and its batch's put() at least
        least = (service.mean + deployment.poll_overhead) * (1 - 1e-9)
        assert result.mean_latency >= least and result.p99_latency >= least and result.lag_growth_per_s == 0
        if min(rate * share * service.mean for share in shares if share > 0) >= 0.05:
            # (below that a fixed-cost record waits so rarely that its p99 is its own service, under the mean)
            assert result.mean_latency <= result.p99_latency


def test_range_assignor_and_round_robin():
    # 12 partitions on 10 tasks: two tasks with 2, eight with 1 (Kafka's RangeAssignor)
    assert [round(s * 12) for s in range_assign(12, 10)] == [2, 2] + [1] * 8
    assert range_assign(3, 5)[3:] == [0.0, 0.0]
    assert np.bincount(place(10, 3)).tolist() == [4, 3, 3]
    assert range_assign(2, 2, skew=[3, 1]) == [0.75, 0.25]


def test_a_slow_lookup_saturates_and_lag_grows_per_task():
    # 1 ms per record at 100K/s, tasks.max=10 on 12 partitions: no task keeps up.
    result = project(Service.from_mean(1e-3), 100_000, Deployment(partitions=12, tasks=10, workers=3))
    assert result.saturated and result.p99_latency is None
    assert result.lag_growth_per_s == pytest.approx(100_000 - 10 * 1_000)
    assert result.max_sustainable_rate == pytest.approx(1_000 / (2 / 12))  # the tasks with 2 partitions bind
    assert result.hours_behind_after_1h == pytest.approx(1 - 1_000 / (100_000 * 2 / 12))
    assert any("deleted unread" in w for w in result.warnings)


def test_wall_time_saturates_the_tasks_and_cpu_time_sizes_the_cores():
    # A blocking lookup: 1 ms wall, 20 µs CPU per record, 12 partitions on 12 tasks (12,000 records/s at most).
    waits = Service.from_mean(1e-3, cpu_mean=20e-6)
    deployment = Deployment(partitions=12, tasks=12, workers=3, cores_per_worker=4)
    light, heavy = project(waits, 6_000, deployment), project(waits, 100_000, deployment)
    assert not light.saturated and light.max_utilisation == pytest.approx(0.5)  # 500/s per task x 1 ms
    assert light.cores == pytest.approx(0.12) and light.mean_latency > 1e-3  # 6,000 x 20 µs; latency is wall
    assert light.max_sustainable_rate == pytest.approx(12_000)
    assert heavy.saturated and heavy.lag_growth_per_s == pytest.approx(100_000 - 12_000)
    assert heavy.cores == pytest.approx(2.0) and sum(heavy.cores_per_worker) == pytest.approx(2.0)
    assert not any("worker" in w for w in heavy.warnings)  # 0.67 cores a worker: its cores are not the limit
    busy = project(Service.from_mean(1e-3), 6_000, deployment)  # the same wall time, all of it CPU
    assert busy.max_utilisation == light.max_utilisation and busy.cores == pytest.approx(6.0)


def test_cores_per_worker_and_drain_time():
    service = Service.from_mean(10e-6)
    result = project(service, 60_000, Deployment(partitions=6, tasks=6, workers=3, cores_per_worker=1,
                                                 utilisation_ceiling=0.1), backlog=60_000)
    assert result.cores == pytest.approx(0.6) and result.cores_per_worker == pytest.approx([0.2, 0.2, 0.2])
    assert result.drain_time == pytest.approx(10_000 / (100_000 - 10_000))  # per task: B_i / (μ_i − λ_i)
    assert any("worker 0 needs 0.20 cores" in w for w in result.warnings)


def test_idle_tasks_warn():
    result = project(Service.from_mean(10e-6), 1000, Deployment(partitions=4, tasks=6))
    assert (result.active_tasks, result.idle_tasks) == (4, 2)
    assert "2 of 6 tasks sit idle" in result.warnings[0]


def test_exactly_at_capacity_is_saturated_without_nonsense():
    result = project(Service.from_mean(1e-3), 6_000, Deployment(partitions=12, tasks=10))
    assert result.saturated and result.p99_latency is None
    assert result.warnings == ["SATURATED: the hottest task runs at 100% of its capacity, with no headroom: its "
                               "queue and latency grow without bound"]


@pytest.mark.parametrize("rho", [0.5, 0.8])
def test_producer_bursts_finish_together(rho):
    # A burst of 5 records lands in one poll batch: the poll loop, not M/G/1, sets their latency.
    rate = rho / SERVICE.mean
    model = queue(rate, SERVICE, Deployment(partitions=1, tasks=1, burst=5))
    simulated = simulate(rate, SERVICE.samples, 600_000, burst=5, seed=5)
    assert simulated.mean == pytest.approx(model.mean, rel=0.03)
    assert simulated.p99 == pytest.approx(model.p99, rel=0.05)


def test_a_lost_worker_leaves_its_tasks_unassigned_and_the_rest_take_every_partition():
    from bench.capacity.assign import after_losing

    left, gone = after_losing(Deployment(partitions=12, tasks=10, workers=3), 1)
    assert (gone, left.tasks, left.workers, left.partitions) == (4, 6, 2, 12)  # the busiest worker: 4 of 10 tasks
    for lost in (3, -1):
        with pytest.raises(ValueError, match="the workers lost must be from 0 to 2"):
            after_losing(Deployment(partitions=12, tasks=10, workers=3), lost)
    with pytest.raises(ValueError, match="leaves no task running"):
        after_losing(Deployment(partitions=12, tasks=1, workers=3), 1)


def test_project_says_whether_the_tasks_left_keep_up(capfd):
    from bench.cli import main

    args = ["project", "--us-per-msg", "100", "--rates", "70000", "--partitions", "12", "--tasks", "12",
            "--workers", "3"]
    assert main(args + ["--workers-lost", "1"]) == 0
    out = capfd.readouterr().out
    assert "With 1 of 3 workers lost, 4 of 12 tasks sit UNASSIGNED" in out and "over the 8 tasks left" in out
    assert "at 70,000/s the 8 tasks left do NOT keep up: the hottest runs at 117% of its capacity" in out
    assert main(args + ["--workers-lost", "1", "--json"]) == 0
    found = json.loads(capfd.readouterr().out)
    assert not found["rates"][0]["saturated"] and found["workers_lost"]["rates"][0]["saturated"]
    assert found["workers_lost"]["rates"][0]["lag_growth_per_s"] > 0 and found["workers_lost"]["tasks_left"] == 8


def test_limits_are_verdicts_a_worker_short_of_cores_saturates_and_a_hot_task_is_named():
    service = Service.from_mean(100e-6)
    short = project(service, 100_000, Deployment(partitions=12, tasks=12, workers=1, cores_per_worker=6))
    assert short.saturated and short.p99_latency is None and short.lag_growth_per_s == pytest.approx(40_000)
    assert short.max_sustainable_rate == pytest.approx(60_000)  # 6 cores at 100 µs of CPU a record
    assert any(w.startswith("CPU-BOUND: worker 0 needs 10.00 cores but has 6") for w in short.warnings)
    hot = project(service, 100_000, Deployment(partitions=12, tasks=12, workers=2, cores_per_worker=8))
    assert not hot.saturated and hot.p99_latency is not None  # 5 of 8 cores each
    assert any("the hottest task runs at 83% of its capacity, over the 70% ceiling" in w for w in hot.warnings)


def test_project_prints_the_limits_the_options_hit(capfd):
    from bench.capacity.decision import decide
    from bench.output import console
    from test_decision import costs, summary

    decision = decide(summary(), costs(8, 4, 2), {"rates": [100_000, 400_000, 500_000], "partitions": 12,
                                                  "tasks": 12, "workers": 1, "cores_per_worker": 2})
    text = console.decision(decision)  # python: 8 µs a record, 3.2 cores at 400,000/s on a worker of 2
    assert "\nLimits:\n" in text and "- from 400,000 records/s, interpreted (python): CPU-BOUND: worker 0 needs" in text
    assert sum("interpreted (python): CPU-BOUND" in line for line in text.splitlines()) == 1  # said once


def test_project_says_what_the_chain_adds_to_the_latency_in_the_task(capfd):
    """The seed's question: 10 SMTs at 10 µs each, at 100K records/s on 12 partitions and 12 tasks."""
    from bench.cli import main

    args = ["project", "--us-per-msg", "103", "--chain-us-per-msg", "100", "--rates", "100000", "--partitions", "12",
            "--tasks", "12"]
    assert main(args) == 0
    out = capfd.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("at 100,000/s the chain (100 of the 103 µs"))
    assert "adds" in line and "to the mean latency in the task and" in line and "to the p99" in line
    assert main(args + ["--json"]) == 0
    found = json.loads(capfd.readouterr().out)
    row, added = found["rates"][0], found["added_by_chain"][0]
    assert 0 < added["mean_us"] < row["mean_latency_us"] and 0 < added["p99_us"] < row["p99_latency_us"]
    with pytest.raises(SystemExit) as exited:  # the chain's part over the whole: a usage error
        main(args[:2] + ["50"] + args[3:])
    assert exited.value.code == 2
    assert "is more than the 50 µs of --us-per-msg" in capfd.readouterr().err
