"""``python -m bench``: the command line. One ``cmd_<name>`` function per subcommand; what they run is in run.py,
what they print in output/console.py.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage (one line on stderr; ``--debug`` for the traceback), 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from transforms import TransformError

from . import chains, flags
from .errors import BenchError, scrub
from .input.chainfile import FORMATS, RECORD_TIME_LIMIT_S
from .measure.harness import WORKER_FLAG
from .output import console
from .results import gate


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2) like every other bad input."""

    def error(self, message):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


SIMULATED_RECORDS = 2_000_000  # 1.7 GB and 11 s at 10,000,000


# -- what-if commands: no measuring ---------------------------------------------------------------------------------
def _cost_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--us-per-msg", type=flags.positive, required=True, help="mean wall time per record, µs")
    parser.add_argument("--us-stdev", type=flags.not_negative, default=0.0, help="its standard deviation, µs")


def _poll_loop_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--poll-overhead-us", type=flags.not_negative, default=0.0,
                        help="fixed cost per poll-loop iteration, mostly the sink's put() (default 0)")
    parser.add_argument("--max-poll-records", type=flags.whole, default=500)
    parser.add_argument("--burst", type=flags.whole, default=1, help="records a producer appends together")


def _project_parser() -> _Parser:
    parser = _Parser(prog="python -m bench project", description=cmd_project.__doc__)
    _cost_args(parser)
    parser.add_argument("--cpu-us-per-msg", type=flags.not_negative,
                        help="CPU time per record, µs, when it differs from wall time (a blocking lookup)")
    parser.add_argument("--rates", type=flags.finite_numbers, required=True, help="records/s, comma-separated")
    parser.add_argument("--backlog", type=flags.not_negative, default=0.0, help="records already behind, to drain")
    parser.add_argument("--partitions", type=flags.whole, required=True)
    parser.add_argument("--tasks", type=flags.whole, required=True, help="tasks.max")
    parser.add_argument("--workers", type=flags.whole, default=1)
    parser.add_argument("--cores-per-worker", type=flags.whole)
    _poll_loop_args(parser)
    parser.add_argument("--skew", type=flags.finite_numbers, help="comma-separated weight per partition")
    parser.add_argument("--slo-p99-ms", type=flags.positive)
    parser.add_argument("--utilisation-ceiling", type=flags.positive, default=0.7)
    parser.add_argument("--chain-us-per-msg", type=flags.positive, metavar="US",
                        help="the chain's part of --us-per-msg: also say what the chain adds to the latency in the task")
    parser.add_argument("--workers-lost", type=flags.whole, default=0, metavar="N",
                        help="also project N workers lost: their tasks unassigned, the partitions spread over the rest")
    parser.add_argument("--json", action="store_true")
    return parser


def _model_inputs(parser: _Parser, args, deployment):
    """The per-record cost the command was given, and ``deployment(args)``: a value the model rejects is a usage
    error."""
    from .capacity.model import Service

    cpu_us = getattr(args, "cpu_us_per_msg", None)
    try:
        return deployment(args), Service.from_mean(args.us_per_msg * 1e-6, args.us_stdev * 1e-6,
                                                   None if cpu_us is None else cpu_us * 1e-6)
    except ValueError as exc:
        parser.error(str(exc))


def _deployment(args):
    from .capacity.model import Deployment

    return Deployment(partitions=args.partitions, tasks=args.tasks, workers=args.workers,
                      cores_per_worker=args.cores_per_worker, poll_overhead=args.poll_overhead_us * 1e-6,
                      max_poll_records=args.max_poll_records, burst=args.burst,
                      skew=tuple(args.skew) if args.skew else None, utilisation_ceiling=args.utilisation_ceiling,
                      slo_p99=args.slo_p99_ms / 1e3 if args.slo_p99_ms else None)


def cmd_project(argv: list[str]) -> int:
    """What-if, no measuring: cores, latency and lag for a given per-record cost."""
    from .capacity.added import added_by_chain
    from .capacity.assign import after_losing
    from .capacity.model import project

    parser = _project_parser()
    args = parser.parse_args(argv)
    flags.within_limits(parser, args, {"--rates": "rates", "--partitions": "partitions", "--tasks": "tasks",
                                  "--workers": "workers", "--cores-per-worker": "cores_per_worker",
                                  "--max-poll-records": "max_poll_records", "--burst": "producer_burst",
                                  "--skew": "skew", "--utilisation-ceiling": "utilisation_ceiling"})
    deployment, service = _model_inputs(parser, args, _deployment)
    rows = [project(service, rate, deployment, args.backlog).as_dict() for rate in args.rates]
    found = {"us_per_msg": args.us_per_msg, "us_stdev": args.us_stdev, "rates": rows}
    text = console.projections(args.us_per_msg, args.us_stdev, args.poll_overhead_us, deployment, rows)
    if args.chain_us_per_msg is not None:
        if args.chain_us_per_msg > args.us_per_msg:
            parser.error(f"argument --chain-us-per-msg: {args.chain_us_per_msg:g} µs is more than the "
                         f"{args.us_per_msg:g} µs of --us-per-msg, which holds it")
        added = added_by_chain(rows, deployment, args.us_per_msg, args.chain_us_per_msg, args.us_stdev)
        found["added_by_chain"] = added
        text += "\n" + console.added_by_chain(args.chain_us_per_msg, args.us_per_msg, added)
    if args.workers_lost:
        try:
            left, gone = after_losing(deployment, args.workers_lost)
        except ValueError as exc:
            parser.error(f"argument --workers-lost: {exc}")
        lost = [project(service, rate, left, args.backlog).as_dict() for rate in args.rates]
        found["workers_lost"] = {"workers": args.workers_lost, "tasks_unassigned": gone, "tasks_left": left.tasks,
                                 "rates": lost}
        text += "\n\n" + console.workers_lost(args.workers_lost, gone, deployment, left, lost)
    print(json.dumps(found, indent=2) if args.json else text)
    return 0


def _simulate_parser() -> _Parser:
    parser = _Parser(prog="python -m bench simulate", description=cmd_simulate.__doc__)
    _cost_args(parser)
    parser.add_argument("--rate", type=flags.positive, required=True, help="records/s into this one task")
    _poll_loop_args(parser)
    parser.add_argument("--records", type=flags.whole, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    return parser


def cmd_simulate(argv: list[str]) -> int:
    """Simulate one task's poll loop and compare it with the model's formulas."""
    from .capacity.model import Deployment
    from .capacity.simulate import check_model

    parser = _simulate_parser()
    args = parser.parse_args(argv)
    flags.within_limits(parser, args, {"--max-poll-records": "max_poll_records", "--burst": "producer_burst"})
    if args.records > SIMULATED_RECORDS:
        parser.error(f"argument --records: at most {SIMULATED_RECORDS:,} (the simulation holds every record's "
                     f"times in memory), got {args.records:,}")
    deployment, service = _model_inputs(parser, args, lambda args: Deployment(
        partitions=1, tasks=1, poll_overhead=args.poll_overhead_us * 1e-6, max_poll_records=args.max_poll_records,
        burst=args.burst))
    found = check_model(args.rate, service, deployment, args.records, args.seed)
    print(json.dumps(found, indent=2) if args.json else console.simulation(args.us_per_msg, found))
    return 0


# -- commands that measure a chain ----------------------------------------------------------------------------------
def _chain_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("chain", help="the chain: chain.yaml, a connector config (REST JSON or .properties), or a "
                                      "worker's http://HOST:8083/connectors/NAME")
    records = parser.add_argument_group("records (for a connector config; over a chain file's messages:)")
    records.add_argument("--schema", help="an Avro schema (.avsc) to generate records from")
    records.add_argument("--key-schema", help="an Avro schema (.avsc) to generate the records' keys from")
    records.add_argument("--sample", help="real records: JSON lines of values, kcat -J envelopes, kcat -K'\\t' "
                                          "key/value lines, or an Avro container file")
    records.add_argument("--count", type=int, help="how many records (default: 10,000 generated, or all of a sample)")
    records.add_argument("--topic", help="the records' topic (default: a connector's first topic)")
    records.add_argument("--format", choices=FORMATS, help="the converter stage (default: from value.converter)")
    parser.add_argument("--header", action="append", metavar="'NAME: VALUE'",
                        help="an HTTP header for a worker URL (e.g. auth); never printed")
    speed = parser.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_true", help="a first answer in seconds (2 processes)")
    speed.add_argument("--rigorous", action="store_true", help="pyperf's rigorous settings (twice the processes)")
    parser.add_argument("--backends", help=f"comma-separated: {','.join(chains.names())} (default: the chain "
                                           "file's, else all built)")
    parser.add_argument("--classpath", action="append", metavar="PATHS",
                        help="jars or folders of jars holding Kafka Connect, for the jvm backend (before the chain "
                             "file's jvm: block, SMTBENCH_CLASSPATH, $KAFKA_HOME/libs and the kafka extra)")
    parser.add_argument("--plugin-path", action="append", metavar="PATHS",
                        help="a worker's plugin.path folders: SMT jars beside Kafka's, for the jvm backend")
    parser.add_argument("--record-time-limit", type=flags.positive, metavar="SECONDS",
                        help="how long one transform may take on one record in the check before anything is timed "
                             f"(default {RECORD_TIME_LIMIT_S:g}): past it the run stops, naming the transform and "
                             "the record")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")


def _run_parser() -> _Parser:
    parser = _Parser(
        prog="python -m bench",
        description="Measure what a Kafka Connect SMT chain costs per record, per stage and per backend, and what "
                    "to do about it. Subcommands: project, simulate, gate, compare, doctor "
                    "(python -m bench NAME --help).",
        epilog="Results go to reports/<name>/<YYYYmmdd-HHMMSS>/ (results.json is a pyperf suite: "
               "python -m pyperf show results.json). Exit codes: 0 ok, 1 a gate failed, 2 bad input, 130 "
               "interrupted. python -m bench --version: the version, Python's and Cython's.",
    )
    _chain_args(parser)
    parser.add_argument("--mode", choices=("time", "instructions"), default="time",
                        help="time (pyperf, the default) or instructions per record under callgrind")
    parser.add_argument("--out", type=Path, help="the folder to write results to (default: "
                                                 "reports/<name>/<YYYYmmdd-HHMMSS>)")
    parser.add_argument("--json", action="store_true", help="print summary.json to stdout instead of the table")
    return parser


def _guarded(command, debug: bool) -> int:
    """Bad input is one line on stderr and exit code 2 (a traceback only with --debug)."""
    try:
        return command()
    except (BenchError, TransformError) as exc:
        if debug:
            raise
        print(f"error: {scrub(str(exc))}", file=sys.stderr)
        return 2


def _chain_and_backends(args):
    """The chain file, and the backends to measure: --backends, else the chain file's, else None (every one this
    install has that can run the chain)."""
    from .input import chainfile

    from .doctor import split_paths

    from .input import connector

    if connector.is_connector(args.chain):
        found = connector.read(args.chain, args.header or [])
        chain = connector.chain_file(found, chainfile.Messages(format=args.format or connector.value_format(found),
                                                               key_format=connector.key_format(found),
                                                               header_format=connector.header_format(found)))
    else:
        chain = chainfile.load(args.chain)
    chainfile.override_messages(chain, {key: getattr(args, key) for key in ("schema", "key_schema", "sample", "count",
                                                                           "topic", "format")})
    if args.record_time_limit:
        chain.record_time_limit_s = args.record_time_limit
    for key, given in (("classpath", args.classpath), ("plugin_path", args.plugin_path)):
        if given:  # the command line over the chain file's jvm: block
            chain.jvm[key] = [str(Path(entry).resolve()) for entry in split_paths(given)]
    if args.backends:
        return chain, [b.strip() for b in args.backends.split(",") if b.strip()]
    return chain, chain.backends


def cmd_run(argv: list[str]) -> int:
    args = _run_parser().parse_args(argv)
    return _guarded(lambda: (_instructions if args.mode == "instructions" else _time)(args), args.debug)


def _check_out(args) -> None:
    """Where the run will write, checked before anything is measured (the default: under ./reports)."""
    from .output import atomic

    atomic.check_folder(args.out or Path("reports"), "--out" if args.out else "the default reports folder")


def _time(args) -> int:
    from . import run

    mode = "quick" if args.quick else "rigorous" if args.rigorous else "default"
    _check_out(args)
    results, run_dir = run.time_run(*_chain_and_backends(args), mode, args.out)
    print(json.dumps(results.to_json(), indent=2) if args.json else
          "\n\n".join([console.run(results), console.decision(results.decision), console.written(run_dir)]))
    return 0


def _instructions(args) -> int:
    from . import run

    _check_out(args)
    doc, run_dir = run.instructions_run(*_chain_and_backends(args), args.out)
    print(json.dumps(doc, indent=2) if args.json else console.instruction_counts(doc["benchmarks"], run_dir))
    return 0


def _gate_parser() -> _Parser:
    parser = _Parser(prog="python -m bench gate", description=cmd_gate.__doc__,
                     epilog="Exit codes: 0 within budget, 1 a regression, 2 bad input or an incomparable baseline.")
    _chain_args(parser)
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline file (JSON)")
    parser.add_argument("--mode", choices=("instructions", "time"), default="instructions",
                        help="instructions under callgrind (default: exact, for CI) or time (pyperf)")
    parser.add_argument("--max-regression", type=flags.not_negative, metavar="PCT",
                        help="allowed increase in percent (default: the chain file's gate: block, else "
                             f"{gate.DEFAULT_BUDGET['instructions']:g} for instructions, "
                             f"{gate.DEFAULT_BUDGET['time']:g} for time)")
    parser.add_argument("--update-baseline", action="store_true", help="write the baseline instead of comparing")
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    return parser


def cmd_gate(argv: list[str]) -> int:
    """Fail (exit 1) when the chain got slower than a stored baseline."""
    args = _gate_parser().parse_args(argv)
    return _guarded(lambda: _gate(args), args.debug)


def _gate(args) -> int:
    from . import run

    chain, backends = _chain_and_backends(args)
    if args.update_baseline:
        from .output import atomic

        atomic.check_file(args.baseline, "--baseline")
        stored = run.update_baseline(chain, backends, args.mode, args.quick, args.baseline)
        print(f"baseline written: {args.baseline} ({stored} benchmarks, {args.mode})")
        return 0
    found, unit = run.check_gate(chain, backends, args.mode, args.quick, args.baseline, args.max_regression)
    _print_findings(found, unit, args.json)
    return 1 if gate.failed(found) else 0


def _print_findings(found: list, unit: str, as_json: bool) -> None:
    print(json.dumps(gate.to_json(found, unit), indent=2) if as_json else console.gate(found, unit))


def cmd_compare(argv: list[str]) -> int:
    """Compare two saved runs (summary.json, or time baselines) pytest-benchmark style: exit 1 on a regression."""
    parser = _Parser(prog="python -m bench compare", description=cmd_compare.__doc__)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--max-regression", type=flags.not_negative, metavar="PCT", default=gate.DEFAULT_BUDGET["time"])
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    return _guarded(lambda: _compare(args), args.debug)


def _compare(args) -> int:
    found = gate.compare_saved(args.before, args.after, args.max_regression)
    _print_findings(found, gate.TIME_UNIT, args.json)
    return 1 if gate.failed(found) else 0


def cmd_doctor(argv: list[str]) -> int:
    """What this install can measure: the backends, Java, and Kafka's classes with where each was found."""
    from .doctor import examine, split_paths

    parser = _Parser(prog="python -m bench doctor", description=cmd_doctor.__doc__)
    parser.add_argument("--classpath", action="append", metavar="PATHS",
                        help="jars or folders of jars holding Kafka Connect (before SMTBENCH_CLASSPATH, "
                             "$KAFKA_HOME/libs and the kafka extra)")
    parser.add_argument("--plugin-path", action="append", metavar="PATHS",
                        help="a worker's plugin.path folders, for SMT jars beside Kafka's")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    found = examine(split_paths(args.classpath), split_paths(args.plugin_path))
    print(json.dumps(found, indent=2) if args.json else console.doctor(found))
    return 0


INTERRUPTED = 130  # the shell's code for a process stopped by SIGINT (128 + 2)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand. Ctrl-C anywhere is one line and exit code 130: what was being written is left out whole
    (output/atomic.py), and the processes the run started are stopped by the code that started them (pyperf's and
    subprocess's own handlers kill their children when KeyboardInterrupt passes through them)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [WORKER_FLAG]:
        from .measure import harness

        try:
            return harness.worker(argv[1:])
        except KeyboardInterrupt:  # the master says so, once
            return INTERRUPTED
    if argv[:1] == ["--version"]:
        from .doctor import version

        print(version())
        return 0
    commands = {"project": cmd_project, "simulate": cmd_simulate, "gate": cmd_gate, "compare": cmd_compare,
                "doctor": cmd_doctor}
    try:
        if argv[:1] and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return cmd_run(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
