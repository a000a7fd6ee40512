"""Per-record cost of the python and cython twins, side by side in one process (a quick check, not the harness).

    python benchmarks/twins_side_by_side.py [--records 2000] [--rounds 15]

Chains: rename + regex mask + lookup, each stage alone, on ~12-field order records. Backends are timed in
alternating rounds over the same distinct records, so machine noise hits both alike; the ratio per round is what
to read (absolute ns drift between runs on a shared machine).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from transforms import Record, available_backends, build_chain
from transforms import backends as registry

COUNTRIES = ["DE", "FR", "NL", "ES", "IT", "PL", "SE", "AT", "BE", "DK", "XX"]
TABLE = {code: name for code, name in zip(COUNTRIES[:-1], ["Germany", "France", "Netherlands", "Spain", "Italy",
                                                            "Poland", "Sweden", "Austria", "Belgium", "Denmark"])}
CHAIN = [
    {"alias": "rename", "type": "ReplaceField$Value", "renames": "order_id:orderId,customer_id:customerId"},
    {"alias": "mask", "type": "RegexReplace$Value", "field": "email", "pattern": "^[^@]+", "replacement": "***"},
    {"alias": "country", "type": "Lookup$Value", "field": "country", "target": "country_name", "table": TABLE,
     "default": "unknown"},
]


def orders(count: int, seed: int = 42) -> list[Record]:
    rng = random.Random(seed)
    return [
        Record("orders-eu", {
            "order_id": 10_000_000 + i,
            "customer_id": rng.randrange(1_000_000),
            "email": f"{''.join(rng.choices('abcdefghijklmnop', k=rng.randint(4, 12)))}@example.com",
            "country": rng.choice(COUNTRIES),
            "amount": round(rng.uniform(1, 500), 2),
            "currency": "EUR",
            "status": rng.choice(["NEW", "PAID", "SHIPPED"]),
            "created_at": 1_700_000_000_000 + i * 1000,
            "items": rng.randint(1, 9),
            "sku": f"SKU-{rng.randrange(10**6):06d}",
            "channel": rng.choice(["web", "app", "store"]),
            "coupon": None,
        }, key=str(i), partition=i % 12, offset=i, timestamp=1_700_000_000_000 + i)
        for i in range(count)
    ]


def time_pass(apply, records) -> float:
    start = time.perf_counter()
    for record in records:
        apply(record)
    return (time.perf_counter() - start) / len(records)


def alternating(contenders: dict, records, rounds: int) -> dict:
    """Seconds per record of each ``apply`` in ``contenders``, per round: one warm-up pass each (3.11 specialises
    bytecode, caches fill), then rounds that run every contender once, back to back."""
    for apply in contenders.values():
        time_pass(apply, records)
    samples = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, apply in contenders.items():
            samples[name].append(time_pass(apply, records))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    records = orders(args.records)
    backends = [name for name in available_backends() if not registry.REGISTRY[name].kafka]  # in process
    cases = {"chain (3 stages)": CHAIN, **{f"  {c['alias']} alone": [c] for c in CHAIN}}
    print(f"{args.records} distinct records x {args.rounds} alternating rounds; backends: {', '.join(backends)}")
    print(f"{'case':<20}" + "".join(f"{b + ' ns/rec':>16}" for b in backends) + f"{'cython/python':>16}")
    for name, configs in cases.items():
        samples = alternating({b: build_chain(configs, b).apply for b in backends}, records, args.rounds)
        row = f"{name:<20}" + "".join(f"{statistics.median(samples[b]) * 1e9:>16.0f}" for b in backends)
        if len(backends) == 2:
            ratios = [c / p for p, c in zip(samples["python"], samples["cython"])]
            q = statistics.quantiles(ratios, n=4)
            row += f"{statistics.median(ratios):>10.2f} [{q[0]:.2f}-{q[2]:.2f}]"
        print(row)


if __name__ == "__main__":
    main()
