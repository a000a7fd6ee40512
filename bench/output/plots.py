"""The report's plots, as SVG text (matplotlib, no display needed): latency and cores against the input rate
for every option, and each backend's cost per stage."""

from __future__ import annotations

import io

import matplotlib

from ..results.results import Decision, Results

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "smtbench", "svg.fonttype": "none", "font.size": 9,
                     "axes.spines.top": False, "axes.spines.right": False})
_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def _svg(figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "smtbench"}, bbox_inches="tight")
    plt.close(figure)
    text = out.getvalue()
    return text[text.index("<svg"):]  # inline in HTML: no XML prolog or doctype


def _merged(curves: dict) -> list[tuple[str, dict]]:
    """Options whose latency in Connect is the same (the producer and ksqlDB both leave only the converters)
    share one line and one label."""
    merged: list[tuple[str, dict]] = []
    for name, curve in curves.items():
        for index, (other, seen) in enumerate(merged):
            if [p["p99_us"] for p in seen["points"]] == [p["p99_us"] for p in curve["points"]]:
                merged[index] = (f"{other} / {name}", seen)
                break
        else:
            merged.append((name, curve))
    return merged


def figures(results: Results, decision: Decision) -> dict[str, str]:
    """Every plot of a run's report: name -> SVG text."""
    return {"latency": latency(decision), "stages": stages(results), "cores": cores(decision)}


def latency(decision: Decision) -> str:
    """Mean (dashed) and p99 (solid) latency against rate per option; an x where each option saturates."""
    figure, axes = plt.subplots(figsize=(7, 4))
    axes.set(xscale="log", yscale="log")
    for colour, (name, curve) in zip(_COLOURS, _merged(decision.curves)):
        points = [p for p in curve["points"] if not p["saturated"]]
        if points:
            rates = [p["rate"] for p in points]
            axes.plot(rates, [p["p99_us"] / 1e3 for p in points], color=colour, label=f"{name}: p99")
            axes.plot(rates, [p["mean_us"] / 1e3 for p in points], color=colour, linestyle="--", linewidth=1,
                      label=f"{name}: mean")
            axes.plot([curve["saturates_at"]], [points[-1]["p99_us"] / 1e3], marker="x", markersize=9, color=colour)
    slo = decision.deployment["slo_p99_ms"]
    if slo:
        axes.axhline(slo, color="grey", linewidth=0.8, linestyle=":")
        axes.text(0.01, slo, f" p99 SLO {slo:g} ms", transform=axes.get_yaxis_transform(), fontsize=8,
                  color="grey", va="bottom")
    axes.set(xlabel="input rate (records/s)", ylabel="latency added in Connect (ms)",
             title="Latency per option (x: saturation, lag grows beyond it)")
    axes.legend(fontsize=7, ncol=2, frameon=False)
    return _svg(figure)


def cores(decision: Decision) -> str:
    figure, axes = plt.subplots(figsize=(7, 3.6))
    styles = ["-", "--", ":", "-."]
    for index, (name, curve) in enumerate(decision.curves.items()):
        axes.plot([p["rate"] for p in curve["points"]], [p["cores"] for p in curve["points"]],
                  color=_COLOURS[index % len(_COLOURS)], linestyle=styles[index % len(styles)], linewidth=1.6,
                  label=name)
    axes.set(xscale="log", yscale="log", xlabel="input rate (records/s)", ylabel="CPU cores",
             title="Cores per option (Connect, plus work moved to producers or ksqlDB)")
    axes.legend(fontsize=7, frameon=False)
    return _svg(figure)


def stages(results: Results) -> str:
    """Stacked cost per record of each stage, one bar per backend; the measured chain and end-to-end marked."""
    rows = {stage: {backend: s.ns_per_record.median / 1e3 for backend, s in by_backend.items()}
            for stage, by_backend in results.stages_by_name().items()}
    parts = [stage for stage in rows if stage in ("decode", "encode") or stage.startswith("transform:")]
    backends = results.backends
    figure, axes = plt.subplots(figsize=(7, 3.6))
    bottoms = [0.0] * len(backends)
    for colour_index, stage in enumerate(parts):
        heights = [rows[stage].get(b, rows[stage].get(None, 0.0)) for b in backends]
        axes.bar(backends, heights, bottom=bottoms, label=stage,
                 color=plt.cm.tab20(colour_index % 20), width=0.5)
        bottoms = [b + h for b, h in zip(bottoms, heights)]
    if "end-to-end" in rows:
        axes.scatter(backends, [rows["end-to-end"][b] for b in backends], marker="_", s=900, color="black",
                     zorder=3, label="end-to-end, measured")
    axes.set(ylabel="µs per record", title="Where a record's time goes (stages measured one by one)")
    axes.legend(fontsize=7, frameon=False, bbox_to_anchor=(1.02, 1), loc="upper left")
    return _svg(figure)
