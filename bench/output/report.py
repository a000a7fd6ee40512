"""report.md and report.html: what was measured, what each option costs at the user's rates, and what to do.
The HTML is one self-contained file (plots inline as SVG, no scripts, nothing fetched)."""

from __future__ import annotations

import html


def _us(value) -> str:
    if value is None:
        return "SATURATED"
    return f"{value / 1e3:,.2f} ms" if value >= 1e3 else f"{value:,.1f} µs"


def _stage_rows(summary: dict) -> tuple[list[str], list[list[str]]]:
    backends = summary["backends"]
    ratio = summary["ratios"].get("cython/python", {})
    head = ["stage"] + [f"{b} ns/record" for b in backends] + (["cython ÷ python"] if ratio else [])
    rows, by_stage = [], {}
    for s in summary["stages"]:
        if s["stage"] != "reference":
            by_stage.setdefault(s["stage"], {})[s["backend"]] = s["ns_per_record"]["median"]
    for stage, values in by_stage.items():
        if None in values:
            row = [f"{stage} ({summary['messages']['format']})", f"{values[None]:,.0f}"] + [""] * (len(head) - 2)
        else:
            row = [stage] + [f"{values[b]:,.0f}" if b in values else "" for b in backends]
            if ratio:
                row.append(f"{ratio[stage]['median']:.2f}" if stage in ratio else "")
        rows.append(row)
    return head, rows


def _option_rows(decision: dict) -> tuple[list[str], list[list[str]]]:
    head = ["rate/s", "option", "µs/record in Connect", "cores (total)", "mean", "p99", "keeps up", "SLO"]
    rows = []
    for index, rate in enumerate(decision["rates"]):
        for option in decision["options"]:
            at = option["at"][index]
            slo = "" if at["meets_slo"] is None else ("meets" if at["meets_slo"] else "misses")
            rows.append([f"{rate:,.0f}", option["name"], f"{option['us_per_record']:,.2f}", f"{at['total_cores']:,.2f}",
                         _us(at["mean_latency_us"]), _us(at["p99_latency_us"]),
                         "no: lag grows" if at["saturated"] else "yes", slo])
    return head, rows


def _md_table(head, rows) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _intro(summary: dict, decision: dict) -> list[str]:
    m, d = summary["messages"], decision["deployment"]
    return [
        f"Chain {summary['chain_file']}, run {summary['run']} ({summary['mode']} mode, {summary['processes']} "
        f"processes x {summary['rounds_per_process']} rounds, {summary['wall_time_s']:.0f} s).",
        f"Records: {m['records_per_pass']:,} per pass, {m['source']}.",
        f"Deployment: {d['partitions']} partitions, tasks.max {d['tasks']}, {d['workers']} workers"
        + (f" x {d['cores_per_worker']} cores" if d["cores_per_worker"] else "")
        + f", poll overhead {d['poll_overhead_us']:g} µs, max.poll.records {d['max_poll_records']}"
        + (f", p99 SLO {d['slo_p99_ms']:g} ms." if d["slo_p99_ms"] else "."),
    ] + ([f"Assumed (not in the chain file's projection block): {', '.join(decision['assumed'])}."]
         if decision["assumed"] else [])


def _notes(decision: dict) -> list[str]:
    notes = [f"{o['name']}: {o['outside']}." for o in decision["options"] if o["outside"]]
    notes.append(f"fused: {decision['fused']}.")
    notes.append("Latency is the time a record spends in the Connect task (queueing, its batch, put()), from the "
                 "model of shared/MODEL.md: per-task queues, RangeAssignor, the poll-batch effect.")
    return notes


def markdown(summary: dict, decision: dict, plots: dict) -> str:
    stage_head, stage_rows = _stage_rows(summary)
    option_head, option_rows = _option_rows(decision)
    parts = [f"# {summary['name']}: what the SMT chain costs, and what to do", "", *_intro(summary, decision), "",
             "## Verdict", "", *[f"- {line}" for line in decision["verdict"]], "",
             "## Options at your rates", "", _md_table(option_head, option_rows), "",
             *[f"- {note}" for note in _notes(decision)], "",
             "## Cost per stage (ns per record, median)", "", _md_table(stage_head, stage_rows), ""]
    warnings = sorted({w for o in decision["options"] for at in o["at"] for w in at["warnings"]})
    if warnings:
        parts += ["## Warnings", "", *[f"- {w}" for w in warnings], ""]
    parts += ["## Plots", ""] + [f"![{name}]({name}.svg)" for name in plots] + [""]
    return "\n".join(parts)


def _html_table(head, rows) -> str:
    out = ["<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        cls = ' class="bad"' if "no: lag grows" in row or "misses" in row else ""
        out.append(f"<tr{cls}>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    return "\n".join(out + ["</tbody></table>"])


_CSS = """body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(2),th:nth-child(2){text-align:left}th{background:#f4f4f4}tr.bad td{color:#b00020}
.verdict li{margin:.3em 0}.plot{margin:1em 0}"""


def html_page(summary: dict, decision: dict, plots: dict) -> str:
    stage_head, stage_rows = _stage_rows(summary)
    option_head, option_rows = _option_rows(decision)
    esc = html.escape
    warnings = sorted({w for o in decision["options"] for at in o["at"] for w in at["warnings"]})
    body = [f"<h1>{esc(summary['name'])}: what the SMT chain costs, and what to do</h1>",
            *[f"<p>{esc(line)}</p>" for line in _intro(summary, decision)],
            "<h2>Verdict</h2><ul class=\"verdict\">", *[f"<li>{esc(v)}</li>" for v in decision["verdict"]], "</ul>",
            "<h2>Options at your rates</h2>", _html_table(option_head, option_rows),
            "<ul>", *[f"<li>{esc(n)}</li>" for n in _notes(decision)], "</ul>",
            "<h2>Cost per stage (ns per record, median)</h2>", _html_table(stage_head, stage_rows)]
    if warnings:
        body += ["<h2>Warnings</h2><ul>", *[f"<li>{esc(w)}</li>" for w in warnings], "</ul>"]
    body += ["<h2>Plots</h2>", *[f'<div class="plot">{svg}</div>' for svg in plots.values()]]
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{esc(summary['name'])} — "
            f"smtbench</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def console(decision: dict) -> str:
    """The options table and the verdict, for the terminal."""
    head, rows = _option_rows(decision)
    keep = [0, 1, 3, 4, 5, 7] if decision["deployment"]["slo_p99_ms"] else [0, 1, 3, 4, 5]
    table = [[head[i] for i in keep]] + [[row[i] for i in keep] for row in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(keep))]
    lines = ["  ".join(c.ljust(w) if i == 1 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in table]
    lines.insert(1, "-" * len(lines[0]))
    d = decision["deployment"]
    return "\n".join([f"Options ({d['partitions']} partitions, tasks.max {d['tasks']}, {d['workers']} workers"
                       + (f", p99 SLO {d['slo_p99_ms']:g} ms" if d["slo_p99_ms"] else "") + "):", *lines, "",
                       "Verdict:", *[f"- {line}" for line in decision["verdict"]]])
