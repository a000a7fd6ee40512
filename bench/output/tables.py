"""The two tables a run shows, as rows of text cells (the console aligns them, the report renders them): the cost
of every stage on every backend, and every option at every rate."""

from __future__ import annotations

from .. import chains
from ..capacity.verdict import at_risk
from ..results.results import DIFFER, Decision, Results
from . import fmt

CONVERTER_STAGES = ("decode", "encode", "pass-through")
ALONE_HEAD = "alone ÷ chain"
OPTION_HEAD = ["rate/s", "option", "µs/record in Connect", "cores (total)", "keeps up", "in task: mean",
               "in task: p99", "chain adds: mean", "chain adds: p99", "p99 with fetch", "SLO"]
FETCH_COLUMN = OPTION_HEAD.index("p99 with fetch")


def stage_table(results: Results, detailed: bool = False) -> list[list[str]]:
    """ns/record per stage and backend (wall time, with CPU time where it differs), and each ratio to the reference
    backend. ``detailed`` (the console) adds
    the spread between processes, the ratios' interquartile range and each transform's cost alone over the chain's
    (``share_of_chain``: timed apart, so they need not add up to 100%; console.alone_note says why)."""
    backends, ratios = results.backends, results.ratios

    def cost(stage) -> str:  # wall time; the CPU time beside it where the stage waits (cost_note says so)
        ns = stage.ns_per_record
        wall = fmt.ns_spread(ns.median, ns.spread) if detailed else fmt.number(ns.median)
        return fmt.with_cpu(wall, stage.cpu_ns_per_record.median if stage.waits else None)

    head = ["stage"] + [f"{b} ns/record" for b in backends]
    head += [key.replace("/", " ÷ ") + (" [IQR]" if detailed else "") for key in ratios]
    if detailed:
        head.append(ALONE_HEAD)
    table = [head]
    for stage, by_backend in results.stages_by_name().items():
        if stage in CONVERTER_STAGES:  # the same for every backend run in Python; the jvm runs Kafka's own
            python_side = [b for b in backends if not chains.get(b).kafka][:1]
            table.append([f"{stage} ({results.messages.format})"]
                         + [cost(by_backend[b]) if b in by_backend else
                            cost(by_backend[None]) if b in python_side and None in by_backend else "" for b in backends]
                         + [""] * (len(head) - 1 - len(backends)))
            continue
        row = [stage] + [cost(by_backend[b]) if b in by_backend else "" for b in backends]
        for by_stage in ratios.values():
            q = by_stage.get(stage)
            row.append("" if q is None else fmt.quartiles(q.median, q.q1, q.q3) if detailed else fmt.ratio(q.median))
        if detailed:
            shares = [by_backend[b].share_of_chain for b in backends if b in by_backend]
            row.append(" / ".join(map(fmt.percent, shares)) if shares and shares[0] is not None else "")
        table.append(row)
    return table


def cost_note(results: Results) -> str:
    """What the stage table's figures include, and (when some stage's CPU time is shown) what the CPU time is."""
    said = ("ns/record: the wall time (perf_counter) of a pass over the stage's records, per record; the jvm's from "
            "System.nanoTime in its forks")
    if any(s.waits for s in results.stages):
        said += ("; (cpu N): the measuring thread's CPU time over the same passes, shown where the wall time is over "
                 f"{1 + DIFFER:g}x it in every process: the stage waited (a lookup's round trip), or a busy machine "
                 "kept every process off its core. Wall time limits what a task processes and sets latency; CPU time "
                 "sizes the cores. "
                 "Neither counts another thread's work (a client library's I/O thread, the JVM's garbage collector)")
    return said + "."


#: What the options table's cost and cores are.
OPTION_NOTE = ("µs/record in Connect is wall time: it holds the task, so it sets the task's capacity, saturation and "
               "latency; cores come from CPU time per record (shown as (cpu N) where the stage waits: wall time over "
               f"{1 + DIFFER:g}x CPU time in every process)")


def option_cpu_shown(option) -> float | None:
    """An option's CPU µs per record where its stage waits (wall time over (1 + DIFFER) times CPU), else None."""
    return option.cpu_us_per_record if option.waits else None


def option_rows(decision: Decision) -> list[list[str]]:
    """Under OPTION_HEAD: a row per rate and option. The cost in Connect is wall time, with the CPU time beside it
    where its stage waits; latency is the time in the task (queueing, its batch, converters, chain, put()), what the
    chain adds to it (the option minus its converters alone), and with the consumer's fetch wait, which the SLO is
    judged on; an option whose latency is not modelled says so in each."""
    rows = []
    for index, rate in enumerate(decision.rates):
        for option in decision.options:
            at = option.at[index]
            late = _latency_cells(option, at)
            slo = "" if decision.deployment.get("slo_p99_ms") is None else \
                "not modelled" if option.latency == "not modelled" else "meets" if at["meets_slo"] else "misses"
            rows.append([fmt.number(rate), option.name,
                         fmt.with_cpu(fmt.number(option.us_per_record, 2), option_cpu_shown(option), 2),
                         _ranged(at, "total_cores", lambda v: fmt.number(v, 2)), _keeps_up(at), *late, slo])
    return rows


def option_table(decision: Decision, cost: bool = True) -> list[list[str]]:
    """The options table, head first, with the columns that say something: the cost in Connect (``cost``, or where
    a stage waits), the p99 with fetch only where a fetch waits, and the SLO only when one is set."""
    keep = [0, 1] + ([2] if cost or any(option_cpu_shown(o) is not None for o in decision.options) else []) \
        + [3, 4, 5, 6, 7, 8] + ([FETCH_COLUMN] if fetch_waits(decision) else []) \
        + ([len(OPTION_HEAD) - 1] if decision.deployment.get("slo_p99_ms") else [])
    return [[row[i] for i in keep] for row in [OPTION_HEAD, *option_rows(decision)]]


#: A figure shows its low and high ends (the fastest and slowest process's cost) when they are this far apart: a quiet
#: default run's processes lie up to ~12% apart (results/spread.py), which would put a range in every cell.
RANGE_SHOWN = 0.25


def _ranged(at: dict, key: str, show) -> str:
    """``at[key]`` shown, with its low and high ends beside it where the processes' spread moves it by more than
    RANGE_SHOWN: ``1.62 (1.41-1.95)``. A saturated end has no latency: ``12.0 µs (9.1 µs-SATURATED)``."""
    value, ends = at[key], (at.get("range") or {}).get(key)
    if value is None or not ends or (None not in ends and ends[1] - ends[0] <= RANGE_SHOWN * value):
        return show(value)
    return f"{show(value)} ({show(ends[0])}-{show(ends[1])})"


def _keeps_up(at: dict) -> str:
    if at["saturated"]:
        return "no: lag grows"
    return "yes, not at the slowest process" if at_risk(at) else "yes"


def _latency_cells(option, at: dict) -> list[str]:
    """In task mean and p99, chain adds mean and p99, p99 with fetch."""
    if option.latency == "not modelled":
        return ["not modelled"] * 5
    task = [fmt.us(at["mean_latency_us"]), _ranged(at, "p99_latency_us", fmt.us)]
    adds = ["0 (moved out)"] * 2 if option.latency == "moved" else \
        [fmt.us(at.get("added_mean_us"), "—"), fmt.us(at.get("added_p99_us"), "—")]
    return task + adds + [fmt.us(at.get("connect_p99_us", at["p99_latency_us"]))]


def fetch_waits(decision: Decision) -> bool:
    """Whether any option's records wait for their fetch (fetch.min.bytes over one record): then the latency with
    the fetch differs from the time in the task, and the tables show both."""
    return any(at.get("fetch_wait_mean_us") for option in decision.options for at in option.at)


def workers_lost(lost: int, gone: int, workers: int, tasks: int, partitions: int, rows: list[dict]) -> list[str]:
    """What losing ``lost`` of ``workers`` workers does: the head, then a sentence per rate (``rows``: the tasks
    left, projected at each rate), whether they keep up, at what utilisation and p99, or how fast lag grows."""
    left = tasks - gone
    said = [f"With {lost} of {workers} workers lost, {gone} of {tasks} tasks sit UNASSIGNED until Connect reassigns "
            "them (scheduled.rebalance.max.delay.ms, 5 minutes by default); meanwhile the consumer group spreads "
            f"the {partitions} partitions over the {left} tasks left"]
    for r in rows:
        if r["saturated"]:
            said.append(f"at {r['rate']:,.0f}/s the {left} tasks left do NOT keep up: the hottest runs at "
                        f"{r['max_utilisation']:.0%} of its capacity and lag grows by {r['lag_growth_per_s']:,.0f} "
                        f"records/s ({r['lag_growth_per_s'] * 300:,.0f} behind after 5 minutes)")
        else:
            said.append(f"at {r['rate']:,.0f}/s the {left} tasks left keep up: the hottest at "
                        f"{r['max_utilisation']:.0%}, p99 {fmt.us_whole(r['p99_latency_us'])} in the task")
    return said


def lost_worker_lines(decision: Decision) -> list[str]:
    """The decision's lost worker (Decision.lost_worker) in sentences; none with one worker."""
    lost, d = decision.lost_worker, decision.deployment
    if not lost:
        return []
    if not lost["tasks_left"]:
        return [f"With 1 of {d['workers']} workers lost, every task ({d['tasks']}) goes with it: nothing runs until "
                "Connect reassigns them (scheduled.rebalance.max.delay.ms, 5 minutes by default), and lag grows by "
                "the whole rate"]
    head, *said = workers_lost(1, lost["tasks_unassigned"], d["workers"], d["tasks"], d["partitions"], lost["rates"])
    return [f"{head} ({lost['option']})", *said]


def latency_notes(decision: Decision) -> list[str]:
    """What the options table's latency covers, what it leaves out, and what was assumed, a sentence each."""
    d = decision.deployment
    put = d.get("put_ms", 0.0)
    said = [f"Latency in task: waiting in the task's poll loop, the record's poll batch, the converters and the chain, "
            f"and the sink's put() of the batch ({put:g} ms per batch); chain adds: that of the option minus that "
            "of its converters alone, at the same rate"]
    if "fetch_min_bytes" in d:
        if fetch_waits(decision):
            said.append(f"p99 with fetch: records also wait for their fetch to fill fetch.min.bytes "
                        f"({d['fetch_min_bytes']:,} bytes, at {d['bytes_per_record']:,.0f} bytes per record) or "
                        f"for fetch.max.wait.ms ({d['fetch_max_wait_ms']:g} ms); the SLO is judged with it")
        else:
            said.append(f"Fetch: fetch.min.bytes {d['fetch_min_bytes']:,} is filled by one record, so a fetch "
                        "returns with the first record and adds no wait")
        said.append(f"Not modelled: {d['not_modelled']}")
    if decision.assumed:
        said.append(f"Assumed (not in the chain file's projection block): {'; '.join(decision.assumed)}")
    return said


def plan_note(backend: str, lines: list[str]) -> str:
    """How a backend ran the chain (Results.plans), in one sentence: the fused plan's summary, then its steps."""
    return f"{backend}: {lines[0]}: {'; '.join(lines[1:])}."


def align(table: list[list[str]], left: int = 0) -> list[str]:
    """Columns padded to their widest cell (column ``left`` flush left, the others flush right), a rule under the
    head."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = ["  ".join(cell.ljust(w) if i == left else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in table]
    lines.insert(1, "-" * len(lines[0]))
    return lines
