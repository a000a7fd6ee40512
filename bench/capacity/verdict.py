"""The verdict: what to do about a chain, argued from the figures the report shows beside it, by rules that cannot
contradict one another.

1. What the chain costs, as facts: on the backend a Connect worker runs (Kafka's own classes, when measured), its
   CPU time per record, the converters', the chain's share of the task's CPU, and the cores each takes at the
   highest rate.
2. Where the cost is, one of three: the converters (the chain is under half the task's CPU: it is not the
   bottleneck, and a free chain would save only its own cores), the chain, or the chain's waiting (its wall time
   over its CPU time: tasks.max, not cores, limits it).
3. What to do, one of three, from the options table: **act** where the option running today does not keep up or
   misses the SLO at some rate (and name what does); else **change** when another measured option keeps up at the
   highest rate for MATERIAL fewer cores, even at the ends of the processes' spread least in its favour; else
   **fine as it is**. Options whose cost is assumed (ksqlDB) are never recommended; when one would be cheaper, the
   verdict says so, as an assumption.
4. How each backend compares with the reference, as a fact, and "no faster" where the ratio's spread holds 1.
"""

from __future__ import annotations

import math

from .. import chains
from ..output import fmt
from ..results.results import Decision, Option, Results

#: A change is worth making when it saves at least this many cores, and this share of the cores used today.
MATERIAL_CORES, MATERIAL_SHARE = 0.5, 0.2
CONVERTERS_DOMINATE = 0.5  # the chain's share of the task's CPU under which the converters are the bottleneck


def cheapest(decision: Decision, index: int) -> Option | None:
    """The option the verdict recommends at ``decision.rates[index]`` (and the plots draw thick at the highest
    rate): of the options whose costs were measured, the cheapest in total cores that keeps up there, and meets
    the p99 SLO when one is set; None when none does."""
    fits = [o for o in decision.options if o.measured and _fits(decision, o, index)]
    return min(fits, key=lambda o: o.at[index]["total_cores"], default=None)


def _top(decision: Decision) -> int:
    """The index of the highest rate, where the verdict judges."""
    return max(range(len(decision.rates)), key=decision.rates.__getitem__)


def at_risk(at: dict) -> bool:
    """Whether an option keeps up at the median cost (``at``: its row at one rate) but not at the slowest
    process's."""
    ends = at.get("range", {}).get("saturated", [])
    return bool(ends) and ends[-1] and not at["saturated"]


def _fits(decision: Decision, option: Option, index: int) -> bool:
    at = option.at[index]
    return not at["saturated"] and (not decision.deployment.get("slo_p99_ms") or bool(at["meets_slo"]))


def today(results: Results, decision: Decision) -> Option | None:
    """The option running today: the chain on the backend a Connect worker runs (Kafka's classes, when measured)."""
    return next((o for o in decision.options if o.name == chains.get(results.current_backend()).label), None)


def choose(decision: Decision, now: Option) -> tuple[str, Option | None]:
    """Rule 3: ("act", what fits at the highest rate) where today's option fails at some rate; else ("change",
    the cheapest) when it saves MATERIAL cores at the highest rate even at the ends least in its favour; else
    ("fine", today's)."""
    index = _top(decision)
    best = cheapest(decision, index)
    if any(not _fits(decision, now, i) for i in range(len(decision.rates))):
        return "act", best
    if best is not None and best is not now and saving(now, best, index)[1] >= material(now, index):
        return "change", best
    return "fine", now


def material(now: Option, index: int) -> float:
    """The cores a change must save to be worth making: MATERIAL_CORES, and MATERIAL_SHARE of today's."""
    return max(MATERIAL_CORES, MATERIAL_SHARE * now.at[index]["total_cores"])


def saving(now: Option, other: Option, index: int) -> tuple[float, float]:
    """The cores ``other`` saves against ``now``: at the median costs, and at the least (today's option at its
    fastest process's cost, the other at its slowest: a change must pay even then, not on one run's noise)."""
    median = now.at[index]["total_cores"] - other.at[index]["total_cores"]
    ends = [o.at[index].get("range", {}).get("total_cores") for o in (now, other)]
    return median, (ends[0][0] - ends[1][1] if all(ends) else median)


def verdict(results: Results, decision: Decision, deployment) -> list[str]:
    """The verdict's lines; sets ``decision.recommended`` to the option they choose."""
    current = results.current_backend()
    said = _cost(results, decision, current)
    if not chains.get(current).kafka:
        said.append("Measured on smtbench's own Python implementations only: Kafka's Java SMTs, what a Connect "
                    "worker runs, were not (add --backends jvm; it needs a JDK and smtbench[kafka], see "
                    "python -m bench doctor).")
    now = today(results, decision)
    said += _waits(results, decision, current, now)
    if now is not None:
        kind, best = choose(decision, now)
        said += _what_to_do(decision, now, kind, best, deployment, results)
        decision.recommended = getattr(best, "name", None)
        said += _moved(decision, now)
    said += _ratios(results, decision, now)
    return said


def _cost(results: Results, decision: Decision, current: str) -> list[str]:
    """The chain's cost on today's backend, the converters', the share, the cores at the highest rate; and whether
    the converters or the chain is the bottleneck."""
    label, rate = chains.get(current).label, max(decision.rates)
    chain_wall, chain_cpu = results.median_ns("chain", current), results.median_cpu_ns("chain", current)
    through = "pass-through", chains.converters(current)
    conv_wall, conv_cpu = results.median_ns(*through), results.median_cpu_ns(*through)
    clock = "CPU" if chain_cpu and (conv_cpu or conv_wall is None) else "wall"
    chain_ns = chain_cpu if clock == "CPU" else chain_wall
    if conv_wall is None:
        return [f"On {label}, the chain costs {fmt.number(chain_ns / 1e3, 2)} µs of {clock} time per record, the "
                f"task's only measured work (no converter): {rate * chain_ns * 1e-9:,.2f} cores at {rate:,.0f} "
                "records/s."]
    conv_ns = conv_cpu if clock == "CPU" else conv_wall
    share = chain_ns / (chain_ns + conv_ns)
    said = [f"On {label}, the chain costs {fmt.number(chain_ns / 1e3, 2)} µs of {clock} time per record and the "
            f"{results.messages.format} converters {fmt.number(conv_ns / 1e3, 2)} µs: the chain is {share:.0%} of "
            f"the task's {clock} time. At {rate:,.0f} records/s that is {rate * chain_ns * 1e-9:,.2f} cores for the "
            f"chain and {rate * conv_ns * 1e-9:,.2f} for the converters."]
    waits = results.stage("chain", current).waits  # then its waiting is the bottleneck, and _waits says so
    if share < CONVERTERS_DOMINATE and not waits:
        said.append(f"The converters, not the chain, are the bottleneck: a chain that cost nothing would save "
                    f"{rate * chain_ns * 1e-9:,.2f} cores at {rate:,.0f} records/s; a cheaper format or converter "
                    "saves more than any faster chain.")
    elif not waits:
        said.append("The chain, not the converters, is most of the task's work: a faster chain, or one moved out "
                    "of Connect, is what saves cores and latency.")
    return said


def _what_to_do(decision: Decision, today: Option, kind: str, best: Option | None, deployment,
                results: Results) -> list[str]:
    """Act, worth changing, or fine as it is (``kind`` and ``best``: choose()'s), with the figures the choice rests
    on."""
    slo = decision.deployment.get("slo_p99_ms")
    goal = f"meets the p99 SLO of {slo:g} ms" if slo else "keeps up"
    index = _top(decision)
    rate, now = decision.rates[index], today.at[index]["total_cores"]
    said = []
    if kind == "act":
        for i in (i for i in range(len(decision.rates)) if not _fits(decision, today, i)):
            at, fits = today.at[i], cheapest(decision, i)
            why = "does not keep up: lag grows" if at["saturated"] else \
                f"misses the p99 SLO of {slo:g} ms (p99 {fmt.us_whole(at['connect_p99_us'])} with the fetch)"
            said.append(f"Act: at {decision.rates[i]:,.0f} records/s {today.name} {why}; "
                        + (f"{_named(fits, i)} {goal}." if fits else _nothing_fits(decision, i, deployment, goal)))
        return said
    if kind == "change":
        median, least = saving(today, best, index)
        said.append(f"Worth changing: at {rate:,.0f} records/s {_named(best, index)} {goal}, {median:,.2f} cores "
                    f"fewer than {today.name} ({now:,.2f}; at least {least:,.2f} over the processes' spread)"
                    f"{_where_saved(results, today, best, rate)}; {best.outside or _runs_where(best)}."
                    + _risk(best, index))
    else:
        other = cheapest(decision, index)
        more = "; no other option is cheaper"
        if other not in (None, today):
            median, least = saving(today, other, index)
            more = (f"; the cheapest other, {other.name}, saves {median:,.2f} cores at the median costs and "
                    f"{least:,.2f} at the least over the processes' spread, under the {material(today, index):,.2f} "
                    "worth a change")
        said.append(f"Fine as it is: {today.name} {goal} at every rate, with {now:,.2f} cores and p99 "
                    f"{fmt.us_whole(today.at[index]['p99_latency_us'])} in the task at {rate:,.0f} records/s{more}."
                    + _risk(today, index))
    return said + _assumed_cheaper(decision, index, best)


def _backend(option: Option) -> str | None:
    """The backend an option runs the chain on (None: an option that moves it out of Connect)."""
    return next((name for name in chains.names() if chains.get(name).label == option.name), None)


def _runs_where(option: Option) -> str:
    backend = _backend(option)
    if backend is None or chains.get(backend).kafka:
        return f"in a Connect worker, {option.connect}"
    return (f"that is the converters and the chain in a Python consumer or stream processor "
            f"(transforms.build_chain(..., backend={backend!r})), not in a Connect worker")


def _where_saved(results: Results, today: Option, best: Option, rate: float) -> str:
    """How a backend option's saving splits between its converters and its chain, in cores at ``rate``: its
    converters are smtbench's, today's may be Kafka's."""
    now, other = _backend(today), _backend(best)
    if now is None or other is None:
        return ""

    def cores(stage, backend):
        ns = results.median_cpu_ns(stage, backend) or results.median_ns(stage, backend)
        return None if ns is None else ns * 1e-9 * rate

    conv_now, conv_best = cores("pass-through", chains.converters(now)), cores("pass-through", chains.converters(other))
    chain_now, chain_best = cores("chain", now), cores("chain", other)
    if None in (conv_now, conv_best, chain_now, chain_best):
        return ""
    return f" ({conv_now - conv_best:,.2f} of them from its converters, {chain_now - chain_best:,.2f} from its chain)"


def _named(option: Option, index: int) -> str:
    at = option.at[index]
    p99 = "" if at["p99_latency_us"] is None else f", p99 {fmt.us_whole(at['p99_latency_us'])} in the task"
    return f"{option.name} ({at['total_cores']:,.2f} cores{p99})"


def _risk(option: Option, index: int) -> str:
    """A warning when the option keeps up at the median cost but not at the slowest process's."""
    return (" At the slowest process's cost it does not keep up: little headroom; measure again on a quieter "
            "machine, or plan for more tasks." if at_risk(option.at[index]) else "")


def _assumed_cheaper(decision: Decision, index: int, best: Option | None) -> list[str]:
    cheaper = [o for o in decision.options if not o.measured and not o.at[index]["saturated"]
               and (best is None or o.at[index]["total_cores"] < best.at[index]["total_cores"])]
    return [f"{o.name} could cost less ({o.at[index]['total_cores']:,.2f} cores at {decision.rates[index]:,.0f} "
            f"records/s), but only on an assumption: {o.outside}. Measure it before moving." for o in cheaper]


def _nothing_fits(decision: Decision, index: int, deployment, goal: str) -> str:
    needed = _tasks_needed(decision, index, deployment)
    head = f"no option {goal} with tasks.max {deployment.tasks} on {deployment.partitions} partitions"
    if needed is None:
        return head + "."
    if needed <= deployment.partitions:
        return head + f"; raise tasks.max to about {needed} (the topic has {deployment.partitions} partitions)."
    return head + f"; it needs about {needed} busy tasks: that many partitions, and tasks.max {needed}."


def _tasks_needed(decision: Decision, index: int, deployment) -> int | None:
    best = min((o for o in decision.options if o.measured), key=lambda o: o.us_per_record, default=None)
    if best is None:
        return None
    rate = decision.rates[index]
    per_record = best.us_per_record * 1e-6 + deployment.poll_overhead / deployment.max_poll_records
    return math.ceil(rate * per_record / deployment.utilisation_ceiling)


def _ratios(results: Results, decision: Decision, now: Option | None) -> list[str]:
    """Each backend's chain against the reference's, with what that option would save (or cost) in cores at the
    highest rate against the option running today; "no faster" where the ratio's interquartile range holds 1 (a
    chain of custom Python classes compiles to the same work)."""
    said, reference = [], chains.get(chains.reference()).label
    index = _top(decision)
    for backend in results.backends:
        q, label = results.ratio(backend, "chain"), chains.get(backend).label
        if not q:
            continue
        if q.q1 <= 1 <= q.q3 or abs(q.median - 1) < 0.05:
            said.append(f"On {label}, the chain runs no faster than on {reference} (ratio {q.median:.2f}, "
                        f"{q.q1:.2f}-{q.q3:.2f}): that backend would not pay for this chain.")
            continue
        line = f"On {label}, the chain runs {1 / q.median:.1f}x as fast as on {reference}"
        option = next((o for o in decision.options if o.name == label), None)
        if option is not None and now is not None and option is not now \
                and not option.at[index]["saturated"] and not now.at[index]["saturated"]:
            delta = now.at[index]["total_cores"] - option.at[index]["total_cores"]
            line += (f"; as an option, {option.at[index]['total_cores']:,.2f} cores at {decision.rates[index]:,.0f} "
                     f"records/s, {abs(delta):,.2f} {'fewer' if delta >= 0 else 'more'} than {now.name}")
        said.append(line + ".")
    return said


def _moved(decision: Decision, now: Option) -> list[str]:
    """What moving the chain into the producers moves where, at the highest rate: the cores it takes off the
    workers, and the cores it puts on the producers."""
    producer = next((o for o in decision.options if o.latency == "moved" and o.measured), None)
    index = _top(decision)
    if producer is None or now.at[index]["saturated"]:
        return []
    at = producer.at[index]
    freed = now.at[index]["total_cores"] - at["cores"]
    return [f"Moving the chain into the producers would take {freed:,.2f} cores off the Connect workers at "
            f"{decision.rates[index]:,.0f} records/s and put at least {at['outside_cores']:,.2f} on the producers."]


def _waits(results: Results, decision: Decision, current: str, option: Option | None) -> list[str]:
    """One sentence when the chain's wall time is over (1 + DIFFER) times its CPU time (a blocking lookup): tasks
    saturate long before the cores run out, so tasks.max (and partitions), not cores, limit it. ``option``: the
    one running today."""
    chain = results.stage("chain", current)
    if chain is None or not chain.waits or option is None or option.cpu_us_per_record is None:
        return []
    rate = max(decision.rates)
    busy = rate * option.us_per_record * 1e-6  # tasks' worth of wall time per second: Σ utilisations
    cores = rate * option.cpu_us_per_record * 1e-6
    return [f"The chain waits: {fmt.number(chain.ns_per_record.median / 1e3, 1)} µs wall, "
            f"{fmt.number(chain.cpu_ns_per_record.median / 1e3, 1)} µs CPU per record ({current}); tasks.max, not "
            f"cores, limits it: at {rate:,.0f} records/s the task's work keeps {busy:,.1f} tasks busy but "
            f"{cores:,.2f} cores."]
