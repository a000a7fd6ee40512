"""Per-record cost of smtbench's in-process backends (python, cython, fused), side by side in one process (a quick
check without the harness).

    python benchmarks/side_by_side.py [--records 10000] [--rounds 15] [--chain NAME]

Chains over ~12-field order records: "10 renames" (ten ReplaceField stages, one field each), "enrich" (rename,
mask, route and two lookups), "orders" (rename, mask, lookup), and each stage of "orders" alone. Backends are timed
in alternating rounds over the same distinct records, so machine noise hits all alike; the ratio per round is what
to read (absolute ns drift between runs on a shared machine). Issue 12's goals for the fused backend, on the first
two chains: fused ÷ cython at or under 0.17 and 0.7. Kafka's own Java chain is timed by the bench's JVM harness:
``python -m bench examples/renames.yaml --backends cython,fused,jvm``.
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
RENAMES = [{"alias": f"rename{i}", "type": "ReplaceField$Value", "renames": f"{old}:{new}"} for i, (old, new) in
           enumerate([("order_id", "orderId"), ("customer_id", "customerId"), ("email", "emailAddress"),
                      ("country", "countryCode"), ("amount", "total"), ("currency", "currencyCode"),
                      ("status", "state"), ("created_at", "createdAt"), ("items", "itemCount"), ("sku", "skuCode")])]
ENRICH = CHAIN + [
    {"alias": "route", "type": "RegexRouter", "regex": "orders-(.*)", "replacement": "clean-$1"},
    {"alias": "status", "type": "Lookup$Value", "field": "status", "target": "status_text",
     "table": {"NEW": "received", "PAID": "paid", "SHIPPED": "on its way"}, "default": "other"},
]
#: Issue 12: fused ÷ cython at or under these, on these chains.
GOALS = {"10 renames": 0.17, "enrich (5 stages)": 0.7}


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
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--chain", help="only the chains whose name starts with this")
    args = parser.parse_args()
    records = orders(args.records)
    backends = [name for name in available_backends() if not registry.REGISTRY[name].kafka]  # in process
    cases = {"10 renames": RENAMES, "enrich (5 stages)": ENRICH, "orders (3 stages)": CHAIN,
             **{f"  {c['alias']} alone": [c] for c in CHAIN}}
    pairs = [(a, b) for a, b in (("cython", "python"), ("fused", "python"), ("fused", "cython"))
             if a in backends and b in backends]
    print(f"{args.records:,} distinct records x {args.rounds} alternating rounds; backends: {', '.join(backends)}")
    print(f"{'case':<20}" + "".join(f"{b + ' ns/rec':>14}" for b in backends)
          + "".join(f"{a + '/' + b + ' [IQR]':>26}" for a, b in pairs))
    for name, configs in cases.items():
        if args.chain and not name.strip().startswith(args.chain):
            continue
        samples = alternating({b: build_chain(configs, b).apply for b in backends}, records, args.rounds)
        row = f"{name:<20}" + "".join(f"{statistics.median(samples[b]) * 1e9:>14,.0f}" for b in backends)
        for a, b in pairs:
            ratios = [x / y for x, y in zip(samples[a], samples[b])]
            q = statistics.quantiles(ratios, n=4)
            goal = GOALS.get(name) if (a, b) == ("fused", "cython") else None
            verdict = "" if goal is None else (" ok" if statistics.median(ratios) <= goal else " MISS")
            row += f"{statistics.median(ratios):>12.3f} [{q[0]:.3f}-{q[2]:.3f}]{verdict:>5}"
        print(row)


if __name__ == "__main__":
    main()
