"""report.md and report.html: what was measured, what each option costs at the user's rates, and what to do.
The HTML is one self-contained file (plots inline as SVG, no scripts, nothing fetched)."""

from __future__ import annotations

import html

from ..results.results import Decision, Results
from .tables import (OPTION_NOTE, cost_note, latency_notes, lost_worker_lines, option_table, plan_note,
                     stage_table)


def _md_table(head, rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _intro(results: Results, decision: Decision) -> list[str]:
    m, d = results.messages, decision.deployment
    return [
        f"Chain {results.chain_file}, run {results.run} ({results.mode} mode, {results.processes} "
        f"processes x {results.rounds_per_process} rounds, {results.wall_time_s:.0f} s).",
        f"Records: {m.records_per_pass:,} per pass, {m.source}.",
        f"Deployment: {d['partitions']} partitions, tasks.max {d['tasks']}, {d['workers']} workers"
        + (f" x {d['cores_per_worker']} cores" if d["cores_per_worker"] else "")
        + f", max.poll.records {d['max_poll_records']}"
        + (f", p99 SLO {d['slo_p99_ms']:g} ms." if d["slo_p99_ms"] else "."),
    ] + _kafka(results) + _skipped(results)


def _skipped(results: Results) -> list[str]:
    """How many records each transform failed on and skipped (errors.tolerance=all), or dropped on purpose."""
    said = []
    for t in results.transforms:
        if t.cache_note():
            said.append(t.cache_note()[0].upper() + t.cache_note()[1:] + ".")
        if t.skipped:
            said.append(f"Transform {t.alias!r} failed on {t.skipped:,} of {t.records_in:,} records: skipped under "
                        "errors.tolerance=all, as Connect skips them; its timed pass is of the records it handled, "
                        "the chain's of them all.")
        if t.dropped:
            said.append(f"Transform {t.alias!r} dropped {t.dropped:,} of {t.records_in:,} records.")
    return said


def _kafka(results: Results) -> list[str]:
    """Where Kafka's own figures came from, or that there are none."""
    jvm = results.environment.get("jvm")
    if not jvm:
        return ["Kafka's own classes were not measured (the jvm backend needs a JDK and smtbench[kafka]): every "
                "figure is smtbench's Python implementations'."]
    return [f"Kafka's own classes: Kafka {jvm['kafka']} ({jvm['kafka_source']}) on Java {jvm['java']}, "
            f"{jvm['forks']} JVM fork(s), each warmed up until the chain's cost settled."]


def _notes(results: Results, decision: Decision) -> list[str]:
    notes = [f"{OPTION_NOTE}."] + [f"{o.name}: {o.outside}." for o in decision.options if o.outside]
    notes += [plan_note(backend, lines) for backend, lines in results.plans.items()]
    notes += latency_notes(decision)
    notes.append("Latency comes from the model of docs/model.md: a queue per task, RangeAssignor, the poll-batch "
                 "effect; \"not at the slowest process\": the option keeps up at the median cost but not at the "
                 "slowest process's.")
    return [note if note.endswith(".") else note + "." for note in notes]


def _warnings(results: Results, decision: Decision) -> list[str]:
    """The run's own warnings (the chain file's settings, what the check found), then the model's; each once."""
    return list(dict.fromkeys([*results.warnings, *decision.warnings()]))


def markdown(results: Results, decision: Decision, plots: dict) -> str:
    stage_head, *stage_rows = stage_table(results)
    parts = [f"# {results.name}: what the SMT chain costs, and what to do", "", *_intro(results, decision), "",
             "## Verdict", "", *[f"- {line}" for line in decision.verdict], "",
             "## Options at your rates", "", _md_table(*_options(decision)), "",
             *[f"- {note}" for note in _notes(results, decision)], "", *_lost_md(decision),
             "## Cost per stage (ns per record, median)", "", _md_table(stage_head, stage_rows), "",
             cost_note(results), ""]
    warnings = _warnings(results, decision)
    if warnings:
        parts += ["## Warnings", "", *[f"- {w}" for w in warnings], ""]
    parts += ["## Plots", ""] + [f"![{name}]({name}.svg)" for name in plots] + [""]
    return "\n".join(parts)


def _options(decision: Decision) -> tuple[list[str], list[list[str]]]:
    head, *rows = option_table(decision)
    return head, rows


def _lost_md(decision: Decision) -> list[str]:
    head, *said = lost_worker_lines(decision) or [None]
    return ["## If a worker is lost", "", f"{head}:", "", *[f"- {line}" for line in said], ""] if head else []


def _html_table(head, rows) -> str:
    out = ["<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        cls = ' class="bad"' if "no: lag grows" in row or "misses" in row else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    return "\n".join(out + ["</tbody></table>"])


def _lost_html(decision: Decision) -> list[str]:
    head, *said = lost_worker_lines(decision) or [None]
    if not head:
        return []
    return ["<h2>If a worker is lost</h2>", f"<p>{html.escape(head)}:</p><ul>",
            *[f"<li>{html.escape(line)}</li>" for line in said], "</ul>"]


_CSS = """body{font:14px/1.45 system-ui,sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}th{background:#f4f4f4}tr.bad td{color:#b00020}
.verdict li{margin:.3em 0}.plot{margin:1em 0}"""


def html_page(results: Results, decision: Decision, plots: dict) -> str:
    stage_head, *stage_rows = stage_table(results)
    esc = html.escape
    warnings = _warnings(results, decision)
    body = [f"<h1>{esc(results.name)}: what the SMT chain costs, and what to do</h1>",
            *[f"<p>{esc(line)}</p>" for line in _intro(results, decision)],
            "<h2>Verdict</h2><ul class=\"verdict\">", *[f"<li>{esc(v)}</li>" for v in decision.verdict], "</ul>",
            "<h2>Options at your rates</h2>", _html_table(*_options(decision)),
            "<ul>", *[f"<li>{esc(n)}</li>" for n in _notes(results, decision)], "</ul>",
            *_lost_html(decision),
            "<h2>Cost per stage (ns per record, median)</h2>", _html_table(stage_head, stage_rows),
            f"<p>{esc(cost_note(results))}</p>"]
    if warnings:
        body += ["<h2>Warnings</h2><ul>", *[f"<li>{esc(w)}</li>" for w in warnings], "</ul>"]
    body += ["<h2>Plots</h2>", *[f'<div class="plot">{svg}</div>' for svg in plots.values()]]
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{esc(results.name)} — "
            f"smtbench</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")

