"""``python -m bench``: the command line. One ``cmd_<name>`` function per subcommand.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage (one line on stderr; ``--debug`` for the traceback).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from transforms import TransformError, available_backends

from . import chainfile, harness, messages, report, summary
from .errors import BenchError
from .workload import prepare


def _run_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure what a Kafka Connect SMT chain costs per record, per stage and per backend.",
        epilog="Results go to reports/<name>/<YYYYmmdd-HHMMSS>/ (results.json is a pyperf suite: "
               "python -m pyperf show results.json). Exit codes: 0 ok, 2 bad input.",
    )
    parser.add_argument("chain", type=Path, help="the chain file (chain.yaml)")
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_true", help="a first answer in seconds (2 processes)")
    speed.add_argument("--rigorous", action="store_true", help="pyperf's rigorous settings (twice the processes)")
    parser.add_argument("--backends", help="comma-separated: python,cython (default: the chain file's, else all "
                                           "built)")
    parser.add_argument("--out", type=Path, help="the folder to write results to (default: "
                                                 "reports/<name>/<YYYYmmdd-HHMMSS>)")
    parser.add_argument("--json", action="store_true", help="print summary.json to stdout instead of the table")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    return parser


def cmd_run(argv: list[str]) -> int:
    args = _run_parser().parse_args(argv)
    try:
        return _run(args)
    except (BenchError, TransformError) as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _run(args) -> int:
    started = time.perf_counter()
    mode = harness.MODES["quick" if args.quick else "rigorous" if args.rigorous else "default"]
    chain = chainfile.load(args.chain)
    if args.backends:
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    else:
        backends = chain.backends or available_backends()
    workload = prepare(chain, backends, mode.budget_s)
    for warning in workload.warnings:
        print(warning, file=sys.stderr)
    run = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    print(f"measuring {chain.name}: {len(workload.stages)} transforms, backends {', '.join(backends)}, "
          f"{mode.name} mode ({mode.processes} processes)",
          file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="smtbench-") as workdir:
        measurement = harness.measure(workload, Path(workdir), mode)
    result = summary.summarize(measurement, workload, mode=mode.name, source=messages.describe(chain),
                               wall_time_s=time.perf_counter() - started, run=run, chain_file=str(chain.path))
    suite = io.StringIO()
    measurement.suite().dump(suite)
    run_dir = args.out or report.default_run_dir(Path("reports"), chain.name, run)
    report.write_run(run_dir, {"results.json": suite.getvalue(),
                               "summary.json": json.dumps(result, indent=2) + "\n"})
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(summary.render(result))
        print(f"\nwritten: {run_dir}/results.json (pyperf suite: python -m pyperf show {run_dir}/results.json), "
              f"{run_dir}/summary.json")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [harness.WORKER_FLAG]:
        return harness.worker(argv[1:])
    return cmd_run(argv)
