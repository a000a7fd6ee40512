"""``python -m bench``: the command line. One ``cmd_<name>`` function per subcommand; what they run is in run.py,
what they print in output/console.py.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage (one line on stderr; ``--debug`` for the traceback), 130
interrupted (Ctrl-C), 141 the output's reader went away (``| head``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from transforms import TransformError

from . import chains, flags, whatif
from .flags import Parser
from .errors import BenchError, scrub
from .input.chainfile import FORMATS, RECORD_TIME_LIMIT_S
from .measure.harness import WORKER_FLAG
from .output import console
from .results import gate


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


def _run_parser() -> Parser:
    parser = Parser(
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


def _gate_parser() -> Parser:
    parser = Parser(prog="python -m bench gate", description=cmd_gate.__doc__,
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
    parser = Parser(prog="python -m bench compare", description=cmd_compare.__doc__)
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

    parser = Parser(prog="python -m bench doctor", description=cmd_doctor.__doc__)
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
BROKEN_PIPE = 141  # and by SIGPIPE (128 + 13): what it printed to had closed


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
    commands = {"project": whatif.cmd_project, "simulate": whatif.cmd_simulate, "gate": cmd_gate,
                "compare": cmd_compare, "doctor": cmd_doctor}
    try:
        if argv[:1] and argv[0] in commands:
            return commands[argv[0]](argv[1:])
        return cmd_run(argv)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # the reader went away (| head): no traceback, and none at exit when stdout is flushed
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
