"""The capacity model against the poll-loop simulation at docs/model.md's tolerances, 10^6+ records each.

    python benchmarks/model_vs_simulation.py [--records 1000000]

tests/test_model.py runs smaller seeded versions of the same comparisons. The last block is the h = 0 p99 at light
and middle loads, where the model samples the poll loop's batches, for a fixed, a gamma (cv 0.5) and a more
variable gamma (cv 1.5) cost (docs/model.md, "p99"). Past ρ = 0.5 one simulation of 10^6 records varies by several
percent: docs/model.md gives those loads against the mean of several.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.capacity.model import Deployment, Service, queue
from bench.capacity.simulate import simulate
from bench.capacity.tails import mg1_tail, solve_quantile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.records
    service = Service.from_samples(np.random.default_rng(0).gamma(4.0, 2.5e-6, 20_000))  # mean 10 µs, cv 0.5
    rows = []

    def check(what, target, model, simulated):
        rows.append((what, target, model * 1e6, simulated * 1e6, model / simulated - 1))

    start = time.perf_counter()
    for rho, tol in ((0.5, 3), (0.8, 3), (0.95, 5)):
        rate = rho / service.mean
        sim = simulate(rate, service.samples, n, max_poll=1, seed=2)
        check(f"M/G/1 mean wait, ρ={rho}", tol, rate * service.m2 / (2 * (1 - rho)), sim.mean_wait)
        check(f"M/G/1 p99 (exact decay), ρ={rho}", 5, solve_quantile(mg1_tail(rate, service)), sim.p99)
    for h in (0.0, 50e-6, 1e-3):
        for rho in (0.5, 0.8):
            rate = rho / service.mean
            model = queue(rate, service, Deployment(partitions=1, tasks=1, poll_overhead=h))
            sim = simulate(rate, service.samples, n, poll_overhead=h, seed=3)
            check(f"poll loop mean, h={h * 1e6:g} µs, ρ={rho}", 3, model.mean, sim.mean)
            check(f"poll loop p99, h={h * 1e6:g} µs, ρ={rho}", 5, model.p99, sim.p99)
    for cv in (0.0, 0.5, 1.5):
        varied = Service.from_mean(10e-6, cv * 10e-6)
        for rho in (0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5):
            rate = rho / varied.mean
            model = queue(rate, varied, Deployment(partitions=1, tasks=1))
            check(f"poll loop p99, h=0, cv {cv}, ρ={rho}", 5, model.p99, simulate(rate, varied.samples, n, seed=3).p99)
    print(f"{'comparison':<40}{'target':>8}{'model µs':>11}{'sim µs':>11}{'error':>9}")
    for what, target, model, simulated, error in rows:
        flag = "" if abs(error) * 100 <= target else "  over target"
        print(f"{what:<40}{'±' + str(target) + '%':>8}{model:>11.1f}{simulated:>11.1f}{error:>+9.2%}{flag}")
    print(f"{len(rows)} comparisons, {n:,} simulated records each, {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
