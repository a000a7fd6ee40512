"""Do the reported ratios reproduce between two separate runs, when absolute times do not?

    python benchmarks/ratio_stability.py [CHAIN] [--load] [--quick]

Runs ``python -m bench CHAIN --json`` twice and prints, per stage, how far the absolute ns/record and the
cython/python ratio moved between the runs. ``--load`` keeps one core busy with another process during the
second run, as a neighbour on a shared CI machine would.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "orders.yaml"


def run(chain: Path, flags: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "bench", str(chain), "--json", "--out", tmp, *flags],
                              capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("chain", nargs="?", type=Path, default=EXAMPLE)
    parser.add_argument("--load", action="store_true", help="a busy neighbour process during the second run")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    flags = ["--quick"] if args.quick else []
    first = run(args.chain, flags)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if args.load else None
    try:
        second = run(args.chain, flags)
    finally:
        if hog:
            hog.kill()
    print(f"{'stage':<44}{'run 1 ns':>10}{'run 2 ns':>10}{'drift':>8}   {'ratio 1':>8}{'ratio 2':>8}{'drift':>8}")
    ratios1, ratios2 = first["ratios"].get("cython/python", {}), second["ratios"].get("cython/python", {})
    for a, b in zip(first["stages"], second["stages"]):
        x, y = a["ns_per_record"]["median"], b["ns_per_record"]["median"]
        line = f"{a['name']:<44}{x:>10,.0f}{y:>10,.0f}{y / x - 1:>+8.1%}"
        if a["backend"] == "cython" and a["stage"] in ratios1:
            r1, r2 = ratios1[a["stage"]]["median"], ratios2[a["stage"]]["median"]
            line += f"   {r1:>8.4f}{r2:>8.4f}{r2 / r1 - 1:>+8.1%}"
        print(line)


if __name__ == "__main__":
    main()
