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
from pathlib import Path

from transforms import TransformError, available_backends

from .input import chainfile, messages
from .measure import harness, instructions
from .output import atomic, report
from .results import gate, summary
from .capacity.decision import decide
from .errors import BenchError
from .measure.costs import record_costs_by_option
from .measure.prepare import prepare


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2) like every other bad input."""

    def error(self, message):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _not_negative(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def _whole(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def _numbers(text: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None
    if not values or min(values) < 0:
        raise argparse.ArgumentTypeError(f"expected comma-separated non-negative numbers, got {text!r}")
    return values


def _deployment_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--partitions", type=_whole, required=True)
    parser.add_argument("--tasks", type=_whole, required=True, help="tasks.max")
    parser.add_argument("--workers", type=_whole, default=1)
    parser.add_argument("--cores-per-worker", type=_whole)
    parser.add_argument("--poll-overhead-us", type=_not_negative, default=0.0,
                        help="fixed cost per poll-loop iteration, mostly the sink's put() (default 0)")
    parser.add_argument("--max-poll-records", type=_whole, default=500)
    parser.add_argument("--burst", type=_whole, default=1, help="records a producer appends together")
    parser.add_argument("--skew", type=_numbers, help="comma-separated weight per partition")
    parser.add_argument("--slo-p99-ms", type=_positive)
    parser.add_argument("--utilisation-ceiling", type=_positive, default=0.7)


def _deployment(args):
    from .capacity.model import Deployment

    return Deployment(partitions=args.partitions, tasks=args.tasks, workers=args.workers,
                      cores_per_worker=args.cores_per_worker, poll_overhead=args.poll_overhead_us * 1e-6,
                      max_poll_records=args.max_poll_records, burst=args.burst,
                      skew=tuple(args.skew) if args.skew else None, utilisation_ceiling=args.utilisation_ceiling,
                      slo_p99=args.slo_p99_ms / 1e3 if args.slo_p99_ms else None)


def _fmt_us(us) -> str:
    if us is None:
        return "SATURATED"
    return f"{us / 1e3:,.2f} ms" if us >= 1e3 else f"{us:,.1f} µs"


def cmd_project(argv: list[str]) -> int:
    """What-if, no measuring: cores, latency and lag for a given per-record cost."""
    from .capacity.model import Service, project

    parser = _Parser(prog="python -m bench project", description=cmd_project.__doc__)
    parser.add_argument("--us-per-msg", type=_positive, required=True, help="mean wall time per record, µs")
    parser.add_argument("--us-stdev", type=_not_negative, default=0.0, help="its standard deviation, µs")
    parser.add_argument("--cpu-us-per-msg", type=_not_negative,
                        help="CPU time per record, µs, when it differs from wall time (a blocking lookup)")
    parser.add_argument("--rates", type=_numbers, required=True, help="records/s, comma-separated")
    parser.add_argument("--backlog", type=_not_negative, default=0.0, help="records already behind, to drain")
    _deployment_args(parser)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        deployment = _deployment(args)
        service = Service.from_mean(args.us_per_msg * 1e-6, args.us_stdev * 1e-6,
                                    None if args.cpu_us_per_msg is None else args.cpu_us_per_msg * 1e-6)
    except ValueError as exc:
        parser.error(str(exc))
    results = [project(service, rate, deployment, args.backlog).as_dict() for rate in args.rates]
    if args.json:
        print(json.dumps({"us_per_msg": args.us_per_msg, "us_stdev": args.us_stdev, "rates": results}, indent=2))
        return 0
    print(f"{args.us_per_msg:g} µs per record (sd {args.us_stdev:g}), {args.partitions} partitions, "
          f"tasks.max {args.tasks}, {args.workers} workers, poll overhead {args.poll_overhead_us:g} µs")
    head = f"{'rate/s':>12} {'cores':>8} {'tasks':>7} {'max util':>9} {'mean':>12} {'p99':>12} {'lag/s':>10} " \
           f"{'max rate/s':>12}"
    print(head)
    print("-" * len(head))
    for r in results:
        print(f"{r['rate']:>12,.0f} {r['cores']:>8.2f} {r['active_tasks']:>3}+{r['idle_tasks']:<3} "
              f"{r['max_utilisation']:>9.0%} {_fmt_us(r['mean_latency_us']):>12} {_fmt_us(r['p99_latency_us']):>12} "
              f"{r['lag_growth_per_s']:>10,.0f} {r['max_sustainable_rate']:>12,.0f}")
    for r in results:
        for warning in r["warnings"]:
            print(f"at {r['rate']:,.0f}/s: {warning}")
    return 0


def cmd_simulate(argv: list[str]) -> int:
    """Simulate one task's poll loop and compare it with the model's formulas."""
    from .capacity.model import Deployment, Service, queue
    from .capacity.simulate import simulate

    parser = _Parser(prog="python -m bench simulate", description=cmd_simulate.__doc__)
    parser.add_argument("--us-per-msg", type=_positive, required=True)
    parser.add_argument("--us-stdev", type=_not_negative, default=0.0)
    parser.add_argument("--rate", type=_positive, required=True, help="records/s into this one task")
    parser.add_argument("--poll-overhead-us", type=_not_negative, default=0.0)
    parser.add_argument("--max-poll-records", type=_whole, default=500)
    parser.add_argument("--burst", type=_whole, default=1)
    parser.add_argument("--records", type=_whole, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        service = Service.from_mean(args.us_per_msg * 1e-6, args.us_stdev * 1e-6)
        deployment = Deployment(partitions=1, tasks=1, poll_overhead=args.poll_overhead_us * 1e-6,
                                max_poll_records=args.max_poll_records, burst=args.burst)
    except ValueError as exc:
        parser.error(str(exc))
    model = queue(args.rate, service, deployment)
    if model.saturated:
        sim = None
    else:
        sim = simulate(args.rate, service.samples, args.records, poll_overhead=deployment.poll_overhead,
                       max_poll=args.max_poll_records, burst=args.burst, seed=args.seed)
    out = {
        "rate": args.rate, "utilisation": model.utilisation, "saturated": model.saturated,
        "model": {"mean_us": None if model.mean is None else model.mean * 1e6,
                  "p99_us": None if model.p99 is None else model.p99 * 1e6, "method": model.method},
        "simulated": None if sim is None else {"records": sim.records, "mean_us": sim.mean * 1e6,
                                               "p50_us": sim.p50 * 1e6, "p99_us": sim.p99 * 1e6,
                                               "busy": sim.utilisation},
    }
    if args.json:
        print(json.dumps(out, indent=2))
    elif sim is None:
        print(f"SATURATED: {args.rate:,.0f} records/s at {args.us_per_msg:g} µs each is a utilisation of "
              f"{model.utilisation:.0%}; the task cannot keep up, and no latency exists")
    else:
        print(f"one task at {args.rate:,.0f} records/s, utilisation {model.utilisation:.0%}, "
              f"{sim.records:,} simulated records")
        print(f"  mean  model {model.mean * 1e6:10.1f} µs   simulated {sim.mean * 1e6:10.1f} µs   "
              f"({model.mean / sim.mean - 1:+.1%})")
        print(f"  p99   model {model.p99 * 1e6:10.1f} µs   simulated {sim.p99 * 1e6:10.1f} µs   "
              f"({model.p99 / sim.p99 - 1:+.1%})   [{model.method}]")
    return 0


def _chain_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("chain", type=Path, help="the chain file (chain.yaml)")
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_true", help="a first answer in seconds (2 processes)")
    speed.add_argument("--rigorous", action="store_true", help="pyperf's rigorous settings (twice the processes)")
    parser.add_argument("--backends", help="comma-separated: python,cython (default: the chain file's, else all "
                                           "built)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _run_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m bench",
        description="Measure what a Kafka Connect SMT chain costs per record, per stage and per backend, and what "
                    "to do about it. Subcommands: project, simulate, gate, compare (python -m bench NAME --help).",
        epilog="Results go to reports/<name>/<YYYYmmdd-HHMMSS>/ (results.json is a pyperf suite: "
               "python -m pyperf show results.json). Exit codes: 0 ok, 1 a gate failed, 2 bad input.",
    )
    _chain_args(parser)
    parser.add_argument("--mode", choices=("time", "instructions"), default="time",
                        help="time (pyperf, the default) or instructions per record under callgrind")
    parser.add_argument("--out", type=Path, help="the folder to write results to (default: "
                                                 "reports/<name>/<YYYYmmdd-HHMMSS>)")
    parser.add_argument("--json", action="store_true", help="print summary.json to stdout instead of the table")
    return parser


def _guarded(command, args) -> int:
    """Bad input is one line on stderr and exit code 2 (a traceback only with --debug)."""
    try:
        return command(args)
    except (BenchError, TransformError) as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2


def cmd_run(argv: list[str]) -> int:
    args = _run_parser().parse_args(argv)
    return _guarded(_run_instructions if args.mode == "instructions" else _run, args)


def _backends(args, chain) -> list[str]:
    if args.backends:
        return [b.strip() for b in args.backends.split(",") if b.strip()]
    return chain.backends or available_backends()


def _measure(args, chain):
    """Prepare, then measure with pyperf: (workload, measurement, summary, start time)."""
    started = time.perf_counter()
    mode = harness.MODES["quick" if args.quick else "rigorous" if args.rigorous else "default"]
    backends = _backends(args, chain)
    workload = prepare(chain, backends, mode.budget_s)
    for warning in workload.warnings:
        print(warning, file=sys.stderr)
    print(f"measuring {chain.name}: {len(workload.stages)} transforms, backends {', '.join(backends)}, "
          f"{mode.name} mode ({mode.processes} processes)", file=sys.stderr, flush=True)
    run = atomic.run_id()
    with tempfile.TemporaryDirectory(prefix="smtbench-") as workdir:
        measurement = harness.measure(workload, Path(workdir), mode)
    result = summary.summarize(measurement, workload, mode=mode.name, source=messages.describe(chain),
                               wall_time_s=time.perf_counter() - started, run=run, chain_file=str(chain.path))
    return workload, measurement, result, started


def _run(args) -> int:
    chain = chainfile.load(args.chain)
    workload, measurement, result, started = _measure(args, chain)
    costs = record_costs_by_option(workload)
    try:
        result["decision"] = decide(result, costs, chain.projection)
    except ValueError as exc:  # a projection block the model cannot take (say, a skew of the wrong length)
        raise chain.error(f"projection: {exc}", "projection") from None
    from .output import plots

    figures = {"latency": plots.latency(result["decision"]), "stages": plots.stages(result),
               "cores": plots.cores(result["decision"])}
    result["wall_time_s"] = round(time.perf_counter() - started, 2)
    suite = io.StringIO()
    measurement.suite().dump(suite)
    run_dir = args.out or atomic.default_run_dir(Path("reports"), chain.name, result["run"])
    files = {"results.json": suite.getvalue(), "summary.json": json.dumps(result, indent=2) + "\n",
             "report.md": report.markdown(result, result["decision"], figures),
             "report.html": report.html_page(result, result["decision"], figures)}
    files.update({f"{name}.svg": svg for name, svg in figures.items()})
    atomic.write_run(run_dir, files)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(summary.render(result))
        print()
        print(report.console(result["decision"]))
        print(f"\nwritten to {run_dir}/: report.html, report.md, summary.json, results.json (a pyperf suite: "
              f"python -m pyperf show {run_dir}/results.json)")
    return 0


def _count_instructions(args, chain) -> tuple[dict, str]:
    """Instructions per record of every cell, and the fingerprint of the records counted."""
    instructions.check_available()
    workload = prepare(chain, _backends(args, chain), records=instructions.RECORDS)
    print(f"counting instructions for {chain.name} under callgrind (one process, about 10 s)", file=sys.stderr,
          flush=True)
    with tempfile.TemporaryDirectory(prefix="smtbench-") as workdir:
        counts, timing = instructions.measure(workload, Path(workdir))
    print(f"counted in {timing['valgrind_s']:.1f} s under valgrind ({timing['valgrind_s'] / timing['native_s']:.0f}x "
          f"the same run without it, {timing['native_s']:.1f} s)", file=sys.stderr)
    return counts, workload.messages_digest


def _run_instructions(args) -> int:
    chain = chainfile.load(args.chain)
    counts, fingerprint = _count_instructions(args, chain)
    doc = {"name": chain.name, "messages": fingerprint, "environment": gate.environment(), "benchmarks": counts}
    run = atomic.run_id()
    run_dir = args.out or atomic.default_run_dir(Path("reports"), chain.name, run)
    atomic.write_run(run_dir, {"instructions.json": json.dumps(doc, indent=2) + "\n"})
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    width = max(len(name) for name in counts)
    print(f"{'benchmark':<{width}}  {'instructions/record':>20}")
    for name, cell in counts.items():
        print(f"{name:<{width}}  {cell['per_record']:>20,.1f}")
    print(f"\n{next(iter(counts.values()))['records']:,} records per benchmark; written to "
          f"{run_dir}/instructions.json")
    return 0


def cmd_gate(argv: list[str]) -> int:
    """Fail (exit 1) when the chain got slower than a stored baseline."""
    parser = _Parser(prog="python -m bench gate", description=cmd_gate.__doc__,
                     epilog="Exit codes: 0 within budget, 1 a regression, 2 bad input or an incomparable baseline.")
    _chain_args(parser)
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline file (JSON)")
    parser.add_argument("--mode", choices=("instructions", "time"), default="instructions",
                        help="instructions under callgrind (default: exact, for CI) or time (pyperf)")
    parser.add_argument("--max-regression", type=_not_negative, metavar="PCT",
                        help="allowed increase in percent (default: the chain file's gate: block, else "
                             f"{gate.DEFAULT_BUDGET['instructions']:g} for instructions, "
                             f"{gate.DEFAULT_BUDGET['time']:g} for time)")
    parser.add_argument("--update-baseline", action="store_true", help="write the baseline instead of comparing")
    args = parser.parse_args(argv)
    return _guarded(_gate, args)


def _gate(args) -> int:
    chain = chainfile.load(args.chain)
    env = gate.environment()
    if args.mode == "instructions":
        current, fingerprint = _count_instructions(args, chain)
        unit = "instructions/record"
        stored = current
    else:
        # 16 processes unless --quick: with 8, a 10% slowdown was caught 3-4 times in 10 (benchmarks/gate_proof.py)
        args.rigorous = not args.quick
        workload, _measurement, result, _started = _measure(args, chain)
        fingerprint, unit = workload.messages_digest, "x the reference workload"
        current = gate.relative_samples(result)
        stored = {s["name"]: {"stage": s["stage"], "backend": s["backend"],
                              "relative": s["relative_to_reference"]["process_values"],
                              "ns_per_record": s["ns_per_record"]["median"]}
                  for s in result["stages"] if s["name"] in current}
    if args.update_baseline:
        doc = gate.make_baseline(args.mode, chain.name, stored, env, fingerprint)
        atomic.atomic_write(args.baseline, json.dumps(doc, indent=2) + "\n")
        print(f"baseline written: {args.baseline} ({len(stored)} benchmarks, {args.mode})")
        return 0
    baseline = gate.load_baseline(args.baseline, args.mode)
    for note in gate.check_compatible(baseline, env, fingerprint, args.baseline):
        print(note, file=sys.stderr)
    budget = gate.budgets(chain, args.max_regression, args.mode)
    if args.mode == "instructions":
        found = gate.compare_instructions(baseline, current, env, budget)
    else:
        found = gate.compare_samples(gate.relative_samples(baseline), current, budget)
    print(gate.render(found, unit))
    return 1 if any(f.verdict == "regression" for f in found) else 0


def cmd_compare(argv: list[str]) -> int:
    """Compare two saved runs (summary.json, or time baselines) pytest-benchmark style: exit 1 on a regression."""
    parser = _Parser(prog="python -m bench compare", description=cmd_compare.__doc__)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--max-regression", type=_not_negative, metavar="PCT", default=gate.DEFAULT_BUDGET["time"])
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    return _guarded(_compare, args)


def _compare(args) -> int:
    samples = []
    for path in (args.before, args.after):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            samples.append(gate.relative_samples(doc))
        except FileNotFoundError:
            raise BenchError("no such file", path=path) from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise BenchError("not a summary.json of python -m bench (0.1+) or a time baseline", path=path) from None
    found = gate.compare_samples(samples[0], samples[1], lambda name: args.max_regression)
    print(gate.render(found, "x the reference workload"))
    return 1 if any(f.verdict == "regression" for f in found) else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [harness.WORKER_FLAG]:
        return harness.worker(argv[1:])
    commands = {"project": cmd_project, "simulate": cmd_simulate, "gate": cmd_gate, "compare": cmd_compare}
    if argv[:1] and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return cmd_run(argv)
