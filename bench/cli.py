"""``python -m bench CHAIN``: for now, check a chain file and build it on every backend.

The measuring harness is the next piece of work; until it lands this command prints no numbers.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import yaml

from transforms import TransformError, available_backends, build_chain


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Benchmark a Kafka Connect SMT chain.")
    parser.add_argument("chain", type=Path, help="chain.yaml")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    args = parser.parse_args(argv)
    try:
        with args.chain.open(encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
        configs = doc["transforms"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            chains = {b: build_chain(configs, b, base_dir=args.chain.parent) for b in available_backends()}
        for warning in caught:
            print(f"{args.chain}: warning: {warning.message}", file=sys.stderr)
    except (OSError, yaml.YAMLError, KeyError, TypeError, TransformError) as exc:
        if args.debug:
            raise
        print(f"{args.chain}: error: {exc}", file=sys.stderr)
        return 2
    stages = ", ".join(f"{s.spec.alias} ({s.spec.type_name})" for s in next(iter(chains.values())).stages)
    print(f"{args.chain}: chain OK on {', '.join(chains)}: {stages}")
    print("Measuring (the pyperf harness) is not built yet: no numbers are printed until it is.")
    return 0
