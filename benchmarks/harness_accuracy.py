"""How exactly does ``python -m bench`` measure a stage of known cost?

    python benchmarks/harness_accuracy.py [--us 5] [--mode default|quick|rigorous]

Runs the real CLI on a chain of probe transforms (benchmarks/probes/busy.py): one that busy-waits a known time
per record and one that does nothing (the per-record floor of a stage: the loop and the call). Reports what the
harness measured against what the probe spends.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
sys.path.insert(0, str(HERE / "probes"))
from busy import BusyWait  # noqa: E402


def direct_cost_ns(us: float, records: int = 2000, rounds: int = 15) -> float:
    """The probe timed in a bare loop, no harness: what it really spends (its spin overshoots the deadline)."""
    probe = BusyWait()
    probe.configure({"us": us})
    apply, items = probe.apply, [object()] * records
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            apply(item)
        samples.append((time.perf_counter() - start) / records * 1e9)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--us", type=float, default=5.0, help="busy-wait per record, microseconds")
    parser.add_argument("--mode", choices=("quick", "default", "rigorous"), default="default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        chain = Path(tmp) / "accuracy.yaml"
        chain.write_text(textwrap.dedent(f"""\
            name: accuracy
            messages: {{schema: {EXAMPLES / 'order.avsc'}, count: 2000, format: none}}
            transforms:
              - {{alias: busy, type: 'busy:BusyWait', us: {args.us}}}
              - {{alias: idle, type: 'busy:Identity'}}
            backends: [python]
        """), encoding="utf-8")
        (Path(tmp) / "busy.py").write_text((HERE / "probes" / "busy.py").read_text(), encoding="utf-8")
        flags = [] if args.mode == "default" else [f"--{args.mode}"]
        done = subprocess.run([sys.executable, "-m", "bench", str(chain), "--json", "--out", str(Path(tmp) / "run"),
                               *flags], capture_output=True, text=True, check=True)
    direct = direct_cost_ns(args.us)
    stages = {s["stage"]: s["ns_per_record"] for s in json.loads(done.stdout)["stages"]}
    busy, idle = stages["transform:busy"], stages["transform:idle"]
    expected = args.us * 1000
    print(f"busy-wait of {expected:,.0f} ns per record, {args.mode} mode:")
    print(f"  measured       {busy['median']:,.0f} ns (min {busy['min']:,.0f}, max {busy['max']:,.0f})"
          f"  error {busy['median'] / expected - 1:+.2%}")
    print(f"  empty stage    {idle['median']:,.0f} ns (the loop and the call, included in every stage)")
    print(f"  the probe timed directly in a bare loop: {direct:,.0f} ns (its spin overshoots the deadline)")
    print(f"  harness vs direct: {busy['median'] / direct - 1:+.2%}")


if __name__ == "__main__":
    main()
