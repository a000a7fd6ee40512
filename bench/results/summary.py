"""The figures of a run (summary.json) and the console table, from the paired per-round measurements.

Absolute ns/record are medians over every value of every worker process, with the spread of the per-process
medians. Ratios and shares are taken inside each round (the cells of one round ran back to back in one
process), then summarised as a median and interquartile range: they do not inherit the drift between processes.
"""

from __future__ import annotations

import platform
import statistics
import sys
from importlib import metadata as importlib_metadata

from ..measure.harness import Measurement
from ..measure.workload import Workload

SUMMARY_VERSION = 1


def _quartiles(values: list[float]) -> dict:
    values = sorted(values)
    if len(values) == 1:
        return {"median": values[0], "q1": values[0], "q3": values[0], "n": 1}
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"median": median, "q1": q1, "q3": q3, "n": len(values)}


def _version(package: str) -> str | None:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return None


def summarize(measurement: Measurement, workload: Workload, *, mode: str, source: str, wall_time_s: float,
              run: str, chain_file: str) -> dict:
    cells = measurement.cells
    rounds = [r for process in measurement.processes for r in process["values"]]
    by_stage: dict = {}
    for name, cell in cells.items():
        by_stage.setdefault(cell["stage"], {})[cell["backend"]] = name
    reference = by_stage.get("reference", {}).get(None)
    stages = []
    for name, cell in cells.items():
        values = [r[name] * 1e9 for r in rounds]
        process_medians = [statistics.median(p["values"][i][name] * 1e9 for i in range(len(p["values"])))
                           for p in measurement.processes]
        entry = {
            "name": name, "stage": cell["stage"], "backend": cell["backend"], "records": cell["records"],
            "ns_per_record": {
                "median": statistics.median(values), "mean": statistics.fmean(values),
                "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
                "min": min(values), "max": max(values), "process_medians": process_medians,
            },
            "share_of_chain": None,
        }
        if reference:  # each process: the median over its rounds of this stage's cost over the reference's
            per_process = [statistics.median(r[name] / r[reference] for r in p["values"])
                           for p in measurement.processes]
            entry["relative_to_reference"] = {"median": statistics.median(per_process),
                                              "process_values": per_process}
        chain_name = by_stage.get("chain", {}).get(cell["backend"])
        if cell["stage"].startswith("transform:") and chain_name:
            chain_records = cells[chain_name]["records"]
            entry["share_of_chain"] = _quartiles([r[name] * cell["records"] / (r[chain_name] * chain_records)
                                                  for r in rounds])["median"]
        stages.append(entry)
    backends = workload.backends
    ratios = {}
    if "python" in backends and len(backends) > 1:
        for other in (b for b in backends if b != "python"):
            ratios[f"{other}/python"] = {
                stage: _quartiles([r[names[other]] / r[names["python"]] for r in rounds])
                for stage, names in by_stage.items() if "python" in names and other in names
            }
    chain_vs_converters = {}
    if "pass-through" in by_stage:
        through = by_stage["pass-through"][None]
        for backend in backends:
            chain_name = by_stage["chain"][backend]
            chain_vs_converters[backend] = _quartiles([r[chain_name] / r[through] for r in rounds])
    transforms = []
    for index, (alias, type_name) in enumerate(workload.stages):
        records_in, records_out = workload.record_counts[index], workload.record_counts[index + 1]
        transforms.append({"alias": alias, "type": type_name, "records_in": records_in,
                           "records_out": records_out, "dropped": records_in - records_out})
    return {
        "summary_version": SUMMARY_VERSION,
        "name": workload.name,
        "run": run,
        "chain_file": chain_file,
        "mode": mode,
        "processes": len(measurement.processes),
        "rounds_per_process": len(measurement.processes[0]["values"]),
        "messages": {"source": source, "format": workload.format, "topic": workload.topic,
                     "count": workload.count, "records_per_pass": len(workload.wire)},
        "backends": backends,
        "stages": stages,
        "transforms": transforms,
        "ratios": ratios,
        "chain_vs_pass_through": chain_vs_converters,
        "warnings": workload.warnings,
        "wall_time_s": round(wall_time_s, 2),
        "environment": {
            "python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "machine": platform.machine(), "platform": platform.platform(),
            "smtbench": _version("smtbench"), "cython": _version("Cython"), "pyperf": _version("pyperf"),
        },
    }


# -- the console table ---------------------------------------------------------------------------------------
def _ns(stage: dict) -> str:
    ns = stage["ns_per_record"]
    medians = ns["process_medians"]
    spread = (statistics.stdev(medians) / ns["median"] * 100) if len(medians) > 1 and ns["median"] else 0.0
    return f"{ns['median']:,.0f} ±{spread:.0f}%"


def _label(stage: str, fmt: str) -> str:
    return f"{stage} ({fmt})" if stage in ("decode", "encode", "pass-through") else stage


def render(summary: dict) -> str:
    backends = summary["backends"]
    fmt = summary["messages"]["format"]
    ratio_key = next(iter(summary["ratios"]), None)
    rows = {}
    for stage in summary["stages"]:
        if stage["stage"] != "reference":
            rows.setdefault(stage["stage"], {})[stage["backend"]] = stage
    head = ["stage"] + [f"{b} ns/record" for b in backends]
    if ratio_key:
        head.append(f"{ratio_key.replace('/', ' ÷ ')} [IQR]")
    head.append("share of chain")
    table = [head]
    for stage, by_backend in rows.items():
        if None in by_backend:  # a converter stage: the same for every backend
            table.append([_label(stage, fmt), _ns(by_backend[None])] + [""] * (len(head) - 2))
            continue
        line = [_label(stage, fmt)] + [_ns(by_backend[b]) if b in by_backend else "" for b in backends]
        if ratio_key:
            q = summary["ratios"][ratio_key].get(stage)
            line.append(f"{q['median']:.2f} [{q['q1']:.2f}-{q['q3']:.2f}]" if q else "")
        shares = [by_backend[b]["share_of_chain"] for b in backends if b in by_backend]
        line.append(" / ".join(f"{s:.0%}" for s in shares) if shares and shares[0] is not None else "")
        table.append(line)
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in table]
    lines.insert(1, "-" * len(lines[0]))
    out = [f"{summary['name']}: {summary['messages']['records_per_pass']:,} records per pass "
           f"({summary['messages']['source']}), {summary['processes']} processes x "
           f"{summary['rounds_per_process']} rounds, {summary['mode']} mode, {summary['wall_time_s']:.0f} s", ""]
    out += lines
    out.append("")
    out += _verdicts(summary)
    return "\n".join(out)


def _verdicts(summary: dict) -> list[str]:
    said = []
    for backend, q in summary["chain_vs_pass_through"].items():
        said.append(f"{backend}: the chain costs {q['median']:.2f}x what the {summary['messages']['format']} "
                    f"converters cost (decode + encode, no transforms)")
    for key, by_stage in summary["ratios"].items():
        q = by_stage.get("chain")
        if q:
            other = key.split("/")[0]
            said.append(f"{other} runs the chain {1 / q['median']:.1f}x as fast as python (ratio {q['median']:.2f}, "
                        f"IQR {q['q1']:.2f}-{q['q3']:.2f} over {q['n']} paired rounds)")
    dropped = [t for t in summary["transforms"] if t["dropped"]]
    for t in dropped:
        said.append(f"transform {t['alias']!r} dropped {t['dropped']:,} of {t['records_in']:,} records")
    if summary["messages"]["records_per_pass"] < summary["messages"]["count"]:
        said.append(f"each pass used the first {summary['messages']['records_per_pass']:,} of "
                    f"{summary['messages']['count']:,} records, to fit the {summary['mode']} mode's time budget")
    return said
