"""``python -m bench project`` and ``simulate``: what-if commands that measure nothing. ``project`` answers from a
per-record cost the user gives: cores, latency in the task and with the fetch, saturation and lag at each rate,
what the chain adds to the latency, and what a lost worker does; ``simulate`` checks the model against a
simulation of one task's poll loop."""

from __future__ import annotations

import argparse
import json

from . import flags
from .flags import Parser
from .output import console

SIMULATED_RECORDS = 2_000_000  # 1.7 GB and 11 s at 10,000,000


def _cost_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--us-per-msg", type=flags.positive, required=True,
                        help="mean wall time per record in the task (converters + chain), µs")
    parser.add_argument("--us-stdev", type=flags.not_negative, default=0.0, help="its standard deviation, µs")


def _poll_loop_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--put-ms", type=flags.not_negative, default=0.0,
                        help="the sink's put() per batch, ms (default 0: a JDBC or S3 sink's is often milliseconds)")
    parser.add_argument("--max-poll-records", type=flags.whole, default=500, help="max.poll.records (default 500)")
    parser.add_argument("--burst", type=flags.whole, default=1, help="records a producer appends together")


def _project_parser() -> Parser:
    parser = Parser(prog="python -m bench project", description=cmd_project.__doc__)
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
    parser.add_argument("--fetch-min-bytes", type=flags.whole, default=1,
                        help="the sink consumer's fetch.min.bytes (default 1: a fetch returns with the first record)")
    parser.add_argument("--fetch-max-wait-ms", type=flags.not_negative, default=500.0,
                        help="fetch.max.wait.ms (default 500)")
    parser.add_argument("--record-bytes", type=flags.positive, default=1_000.0,
                        help="bytes per record on the wire, which fill a fetch (default 1,000)")
    parser.add_argument("--skew", type=flags.finite_numbers, help="comma-separated weight per partition")
    parser.add_argument("--slo-p99-ms", type=flags.positive)
    parser.add_argument("--utilisation-ceiling", type=flags.positive, default=0.7)
    parser.add_argument("--chain-us-per-msg", type=flags.positive, metavar="US",
                        help="the chain's part of --us-per-msg: also say what the chain adds to the latency in the "
                             "task (10 SMTs at 10 µs each: 100)")
    parser.add_argument("--workers-lost", type=flags.whole, default=0, metavar="N",
                        help="also project N workers lost: their tasks unassigned, the partitions spread over the rest")
    parser.add_argument("--json", action="store_true")
    return parser


def _model_inputs(parser: Parser, args, deployment):
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
                      cores_per_worker=args.cores_per_worker, poll_overhead=args.put_ms * 1e-3,
                      max_poll_records=args.max_poll_records, burst=args.burst,
                      skew=tuple(args.skew) if args.skew else None, utilisation_ceiling=args.utilisation_ceiling,
                      slo_p99=args.slo_p99_ms / 1e3 if args.slo_p99_ms else None)


def cmd_project(argv: list[str]) -> int:
    """What-if, no measuring: cores, latency and lag for a given per-record cost, and what the chain adds."""
    from .capacity import connect
    from .capacity.assign import after_losing
    from .capacity.model import Service, project

    parser = _project_parser()
    args = parser.parse_args(argv)
    flags.within_limits(parser, args, {"--rates": "rates", "--partitions": "partitions", "--tasks": "tasks",
                                       "--workers": "workers", "--cores-per-worker": "cores_per_worker",
                                       "--max-poll-records": "max_poll_records", "--burst": "producer_burst",
                                       "--skew": "skew", "--utilisation-ceiling": "utilisation_ceiling",
                                       "--put-ms": "put_ms", "--fetch-min-bytes": "fetch_min_bytes",
                                       "--fetch-max-wait-ms": "fetch_max_wait_ms"})
    if args.chain_us_per_msg is not None and args.chain_us_per_msg > args.us_per_msg:
        parser.error(f"argument --chain-us-per-msg: {args.chain_us_per_msg:g} µs is more than the "
                     f"{args.us_per_msg:g} µs of --us-per-msg, which holds it")
    deployment, service = _model_inputs(parser, args, _deployment)
    fetch = connect.Fetch(args.fetch_min_bytes, args.fetch_max_wait_ms / 1e3, args.record_bytes)
    projections = [project(service, rate, deployment, args.backlog) for rate in args.rates]
    rows = [_with_fetch(found, fetch, deployment.slo_p99) for found in projections]
    found = {"us_per_msg": args.us_per_msg, "us_stdev": args.us_stdev, "put_ms": args.put_ms,
             "fetch_min_bytes": args.fetch_min_bytes, "fetch_max_wait_ms": args.fetch_max_wait_ms,
             "record_bytes": args.record_bytes, "rates": rows}
    text = console.projections(args, deployment, rows)
    if args.chain_us_per_msg is not None:
        rest = args.us_per_msg - args.chain_us_per_msg
        without = Service.from_mean(rest * 1e-6, args.us_stdev * rest / args.us_per_msg * 1e-6) if rest > 0 else None
        added = []
        for rate, with_chain in zip(args.rates, projections):
            mean, p99 = connect.added(with_chain, project(without, rate, deployment) if without else None)
            added.append({"rate": rate, "saturated": with_chain.saturated, "mean_us": connect.to_us(mean),
                          "p99_us": connect.to_us(p99)})
        found["added_by_chain"] = added
        text += "\n" + console.added_by_chain(args.chain_us_per_msg, args.us_per_msg, added)
    if args.workers_lost:
        try:
            left, gone = after_losing(deployment, args.workers_lost)
        except ValueError as exc:
            parser.error(f"argument --workers-lost: {exc}")
        lost = [_with_fetch(project(service, rate, left, args.backlog), fetch, deployment.slo_p99)
                for rate in args.rates]
        found["workers_lost"] = {"workers": args.workers_lost, "tasks_unassigned": gone, "tasks_left": left.tasks,
                                 "rates": lost}
        text += "\n\n" + console.workers_lost(args.workers_lost, gone, deployment, left, lost)
    print(json.dumps(found, indent=2) if args.json else text)
    return 0


def _with_fetch(found, fetch, slo: float | None) -> dict:
    """A projection's row, with the latency in Connect: the fetch wait added to the time in the task; the SLO is
    judged on it."""
    from .capacity.connect import in_connect, to_us

    latency = in_connect(found, fetch)
    row = found.as_dict()
    row["connect_mean_us"], row["connect_p99_us"] = to_us(latency.mean), to_us(latency.p99)
    row["meets_slo"] = latency.meets(slo)
    return row


def _simulate_parser() -> Parser:
    parser = Parser(prog="python -m bench simulate", description=cmd_simulate.__doc__)
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
    flags.within_limits(parser, args, {"--max-poll-records": "max_poll_records", "--burst": "producer_burst",
                                       "--put-ms": "put_ms"})
    if args.records > SIMULATED_RECORDS:
        parser.error(f"argument --records: at most {SIMULATED_RECORDS:,} (the simulation holds every record's "
                     f"times in memory), got {args.records:,}")
    deployment, service = _model_inputs(parser, args, lambda args: Deployment(
        partitions=1, tasks=1, poll_overhead=args.put_ms * 1e-3, max_poll_records=args.max_poll_records,
        burst=args.burst))
    found = check_model(args.rate, service, deployment, args.records, args.seed)
    print(json.dumps(found, indent=2) if args.json else console.simulation(args.us_per_msg, found))
    return 0
