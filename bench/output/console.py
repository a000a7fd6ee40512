"""What the commands print on the terminal: a run's table and what it says, the options and the verdict, what-if
projections, the simulator beside the model, instruction counts, a gate's findings, and the doctor's report."""

from __future__ import annotations

from .. import chains
from ..capacity.connect import NOT_MODELLED
from ..results import spread
from ..results.gate import in_order
from ..results.results import Decision, Results
from . import fmt, tables
from .tables import (ALONE_HEAD, OPTION_NOTE, align, cost_note, latency_notes, lost_worker_lines, option_cpu_shown,
                     option_table, plan_note, stage_table)


def run(results: Results) -> str:
    """The cost of every stage on every backend, then what it says in words."""
    m = results.messages
    jvm = results.environment.get("jvm")
    forks = f" (+ {jvm['forks']} JVM fork{'s' if jvm['forks'] > 1 else ''} for Kafka {jvm['kafka']} on Java " \
            f"{jvm['java']})" if jvm else ""
    out = [f"{results.name}: {m.records_per_pass:,} records per pass ({m.source}), {results.processes} processes x "
           f"{results.rounds_per_process} rounds{forks}, {results.mode} mode, {results.wall_time_s:.0f} s", ""]
    out += align(stage_table(results, detailed=True))
    out += [cost_note(results), ""]
    out += alone_note(results) + _findings(results)
    disagree = spread.warnings(results)  # in the summary's warnings too; here, beside the figures they doubt
    return "\n".join(out + (["", *disagree] if disagree else []))


def alone_note(results: Results) -> list[str]:
    """Why the transforms timed alone can add up to more than the chain, when they do (by 10%, or one alone is over
    100%): each is its own pass over the records it handles, over the chain's pass over them all."""
    over = []
    for backend in results.backends:
        shares = {s.stage[len("transform:"):]: s.share_of_chain for s in results.stages
                  if s.backend == backend and s.stage.startswith("transform:") and s.share_of_chain is not None}
        if shares and (sum(shares.values()) > 1.1 or max(shares.values()) > 1):
            top = max(shares, key=shares.get)
            plan = f" ({results.plans[backend][0]})" if backend in results.plans else ""
            if len(shares) == 1:
                over.append(f"on {backend}, {top!r} alone takes {fmt.percent(shares[top])} of the chain's time{plan}")
            else:
                over.append(f"on {backend} they add up to {fmt.percent(sum(shares.values()))}"
                            + (f", {top!r} alone to {fmt.percent(shares[top])}" if shares[top] > 1 else "") + plan)
    if not over:
        return []
    return [f"{ALONE_HEAD}: each transform timed by itself on the records it handles, over the chain on all records; "
            f"not a part of the chain: {'; '.join(over)}. Alone, a stage fetches records an earlier pass left in "
            "memory (the first stage right after decoding has pushed them out of cache), where in the chain each "
            "stage gets the record the one before just made; a stage that does little, a no-op above all, is mostly "
            "that cost.", ""]


def _findings(results: Results) -> list[str]:
    said = []
    for backend, q in results.chain_vs_pass_through.items():
        kafka = chains.get(backend).kafka
        converters = f"Kafka's {results.messages.format} converter" if kafka else \
            f"the {results.messages.format} converters"
        said.append(f"{backend}: the chain costs {q.median:.2f}x what {converters} cost (decode + encode, no "
                    "transforms)")
    said += [plan_note(backend, lines) for backend, lines in results.plans.items()]
    for key, by_stage in results.ratios.items():
        q = by_stage.get("chain")
        if q:
            other, reference = key.split("/")
            over = (f"{q.n} pairs of a JVM fork's median and a process's median: separate processes, not paired"
                    if chains.get(other).kafka or chains.get(reference).kafka else f"{q.n} paired rounds")
            said.append(f"{other} runs the chain {1 / q.median:.1f}x as fast as {reference} (ratio {q.median:.2f}, "
                        f"IQR {q.q1:.2f}-{q.q3:.2f} over {over})")
    jvm = results.environment.get("jvm")
    if jvm:  # what a worker's garbage collector gets to collect, its other CPU cost
        chain_bytes = next((b for name, b in jvm["bytes_per_record"].items() if name.endswith("/jvm/chain")), None)
        through = next((b for name, b in jvm["bytes_per_record"].items() if name.endswith("/jvm/pass-through")), None)
        if chain_bytes is not None:
            said.append(f"jvm: the chain allocates {chain_bytes:,.0f} bytes per record"
                        + (f", the converters {through:,.0f}" if through is not None else ""))
    for t in results.transforms:
        if t.dropped:
            said.append(f"transform {t.alias!r} dropped {t.dropped:,} of {t.records_in:,} records")
        if t.cache_note():
            said.append(t.cache_note())
        if t.skipped:
            said.append(f"transform {t.alias!r} failed on {t.skipped:,} of {t.records_in:,} records, skipped under "
                        "errors.tolerance=all (Connect would skip them too, and count them as errors)")
    m = results.messages
    if m.records_per_pass < m.count:
        said.append(f"each pass used the first {m.records_per_pass:,} of {m.count:,} records, to fit the "
                    f"{results.mode} mode's time budget")
    return said


def decision(decision: Decision) -> str:
    """The options table and what its latency covers, the verdict, and the limits the options run into."""
    d = decision.deployment
    waits = any(option_cpu_shown(o) is not None for o in decision.options)  # then the cost, wall and CPU, too
    table = option_table(decision, cost=False)
    found = decision.warnings()  # what the options run into, on the terminal as in the report
    limits = ["", "Limits:", *[f"- {line}" for line in found]] if found else []
    return "\n".join([f"Options ({d['partitions']} partitions, tasks.max {d['tasks']}, {d['workers']} workers"
                      + (f", p99 SLO {d['slo_p99_ms']:g} ms" if d["slo_p99_ms"] else "") + "):",
                      *align(table, left=1), *([f"{OPTION_NOTE}."] if waits else []),
                      *[f"{line}." for line in latency_notes(decision)], "", "Verdict:",
                      *[f"- {line}" for line in decision.verdict], *_lost(decision), *limits])


def _lost(decision: Decision) -> list[str]:
    head, *said = lost_worker_lines(decision) or [None]
    return ["", f"{head}:", *[f"- {line}" for line in said]] if head else []


def written(run_dir) -> str:
    return (f"written to {run_dir}/: report.html, report.md, summary.json, results.json (a pyperf suite: "
            f"python -m pyperf show {run_dir}/results.json)")


def projections(args, deployment, rows: list[dict]) -> str:
    """``python -m bench project``: what was given and assumed, a row per rate, then the warnings."""
    d = deployment
    fetch = any(r["connect_p99_us"] != r["p99_latency_us"] for r in rows)
    out = [f"{args.us_per_msg:g} µs per record in the task (sd {args.us_stdev:g}), {d.partitions} partitions, "
           f"tasks.max {d.tasks}, {d.workers} workers; the sink's put() {args.put_ms:g} ms per batch, "
           f"max.poll.records {d.max_poll_records}, fetch.min.bytes {args.fetch_min_bytes:,}"
           + (f" (records wait for it to fill at {args.record_bytes:,.0f} bytes each, up to fetch.max.wait.ms "
              f"{args.fetch_max_wait_ms:g})" if fetch else " (a fetch returns with the first record: no wait)"),
           *_projection_rows(rows, fetch),
           "latency in the task: waiting, the record's poll batch, its own cost and put(); not modelled: "
           + NOT_MODELLED]
    out += [f"at {r['rate']:,.0f}/s: {warning}" for r in rows for warning in r["warnings"]]
    return "\n".join(out)


def _projection_rows(rows: list[dict], fetch: bool = False) -> list[str]:
    """A row per rate; the p99 with the fetch where a fetch waits, and the SLO (judged on it) where one is set."""
    slo = any(r["meets_slo"] is not None for r in rows)
    head = f"{'rate/s':>12} {'cores':>8} {'tasks':>7} {'max util':>9} {'mean':>12} {'p99':>12} " \
           + (f"{'p99 w/ fetch':>13} " if fetch else "") + f"{'lag/s':>10} {'max rate/s':>12}" \
           + (f" {'SLO':>7}" if slo else "")
    return [head, "-" * len(head)] + [
        f"{r['rate']:>12,.0f} {r['cores']:>8.2f} {r['active_tasks']:>3}+{r['idle_tasks']:<3} "
        f"{r['max_utilisation']:>9.0%} {fmt.us(r['mean_latency_us']):>12} {fmt.us(r['p99_latency_us']):>12} "
        + (f"{fmt.us(r['connect_p99_us']):>13} " if fetch else "")
        + f"{r['lag_growth_per_s']:>10,.0f} {r['max_sustainable_rate']:>12,.0f}"
        + (f" {'meets' if r['meets_slo'] else 'misses':>7}" if slo else "") for r in rows]


def added_by_chain(chain_us: float, us: float, added: list[dict]) -> str:
    """``project --chain-us-per-msg``: what the chain adds to the latency in the task, a line per rate."""
    said = []
    for a in added:
        what = f"at {a['rate']:,.0f}/s the chain ({chain_us:g} of the {us:g} µs per record)"
        if a["saturated"]:
            said.append(f"{what} saturates the task: no latency holds, lag grows")
        elif a["mean_us"] is None:
            said.append(f"{what}: the pipeline saturates without it already")
        else:
            said.append(f"{what} adds {fmt.us(a['mean_us'])} to the mean latency in the task and "
                        f"{fmt.us(a['p99_us'])} to the p99 (queueing and its batch; fetch and put() as before)")
    return "\n".join(said)


def workers_lost(lost: int, gone: int, before, left, rows: list[dict]) -> str:
    """``project --workers-lost N``: the tasks still running, after Connect's consumer group has spread every
    partition over them, and whether they keep up."""
    head, *said = tables.workers_lost(lost, gone, before.workers, before.tasks, before.partitions, rows)
    return "\n".join([head + ":", *_projection_rows(rows), *said])


def simulation(us_per_msg: float, found: dict) -> str:
    """``python -m bench simulate``: the model beside the simulation of one task."""
    model, sim = found["model"], found["simulated"]
    if sim is None:
        return (f"SATURATED: {found['rate']:,.0f} records/s at {us_per_msg:g} µs each is a utilisation of "
                f"{found['utilisation']:.0%}; the task cannot keep up, and no latency exists")
    return "\n".join([
        f"one task at {found['rate']:,.0f} records/s, utilisation {found['utilisation']:.0%}, "
        f"{sim['records']:,} simulated records",
        f"  mean  model {model['mean_us']:10.1f} µs   simulated {sim['mean_us']:10.1f} µs   "
        f"({model['mean_us'] / sim['mean_us'] - 1:+.1%})",
        f"  p99   model {model['p99_us']:10.1f} µs   simulated {sim['p99_us']:10.1f} µs   "
        f"({model['p99_us'] / sim['p99_us'] - 1:+.1%})   [{model['method']}]"])


def instruction_counts(counts: dict, run_dir) -> str:
    width = max(len(name) for name in counts)
    out = [f"{'benchmark':<{width}}  {'instructions/record':>20}"]
    out += [f"{name:<{width}}  {cell['per_record']:>20,.1f}" for name, cell in counts.items()]
    out.append(f"\n{next(iter(counts.values()))['records']:,} records per benchmark; written to "
               f"{run_dir}/instructions.json")
    return "\n".join(out)


def gate(found: list, unit: str) -> str:
    """A gate's findings as a table, pytest-benchmark style: every benchmark before, after, change, budget and
    verdict, regressions last and in capitals; then the outcome."""
    table = [["benchmark", "before", "after", "change", "budget", "verdict", "note"]]
    for f in in_order(found):
        table.append([f.name, "" if f.before is None else fmt.number(f.before, 3 if f.before < 10 else 0),
                      "" if f.after is None else fmt.number(f.after, 3 if f.after < 10 else 0),
                      "" if f.change is None else f"{f.change:+.2%}", f"{f.budget:g}%",
                      f.verdict.upper() if f.verdict == "regression" else f.verdict, f.note])
    lines = [f"{unit}, before -> after:", *align(table)]
    lines += [f"REGRESSION: {f.name}: {f.before:,.1f} -> {f.after:,.1f} {unit} ({f.change:+.2%}, budget "
              f"{f.budget:g}%){' [' + f.note + ']' if f.note else ''}" for f in found if f.verdict == "regression"]
    regressions = sum(f.verdict == "regression" for f in found)
    checked = sum(f.verdict in ("ok", "regression", "improvement") for f in found)
    lines.append(f"gate {'FAILED' if regressions else 'passed'}: {regressions} regression(s) in {checked} "
                 f"benchmarks ({unit})")
    return "\n".join(lines)


def doctor(found: dict) -> str:
    """What ``python -m bench doctor`` found, a line per thing, with how to fix what is missing."""
    out = [f"smtbench {found['smtbench']} on {found['implementation']} {found['python']} ({found['machine']})",
           "backends:"]
    width = max(len(name) for name in found["backends"])
    out += [f"  {name:<{width}}  {state}" for name, state in found["backends"].items()]
    java, kafka = found["java"], found["kafka"]
    out.append(f"Java: {java['missing']}" if "missing" in java else
               f"Java: {java['version']} ({java['java']}; javac: {java['javac'] or 'missing, install a JDK'})")
    if "missing" in kafka:
        out.append(f"Kafka: {kafka['missing']}")
        return "\n".join(out)
    out.append(f"Kafka: {kafka['version'] or 'version unknown (no kafka-clients jar)'}, from {kafka['source']}, "
               f"{kafka['jars']} jars")
    for kind in ("transforms", "predicates", "converters"):
        have = {name: jar for name, jar in kafka[kind].items() if jar}
        jars = sorted(set(have.values()))
        out.append(f"  {kind}: {len(have)} of {len(kafka[kind])} found" + (f" ({', '.join(jars)})" if jars else ""))
        missing = [name for name, jar in kafka[kind].items() if not jar]
        if kind == "converters":
            out += [f"    {name}: {jar}" for name, jar in have.items()]
        if missing:
            out.append(f"    missing: {', '.join(missing)}")
    return "\n".join(out)
