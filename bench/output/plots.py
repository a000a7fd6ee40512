"""The report's plots, as SVG text (matplotlib, no display needed): latency and cores against the input rate
for every option, and each backend's cost per stage.

Each is meant to be read in five seconds: tick labels carry their unit (µs, ms; 10K, 1M records/s), the axes
always hold the p99 SLO and the workers' cores as named lines, legends sit outside the axes so they cover nothing,
every stage has its own colour (converters grey), the recommended option is drawn thick and named in the title,
and an option whose line lies on another's is drawn dashed over it and says so in the legend. The SVG text is the
same for the same figures (a fixed hash salt, no date)."""

from __future__ import annotations

import io
import math

import matplotlib

from .. import chains
from ..results.results import Decision, Results

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "smtbench", "svg.fonttype": "none", "font.size": 9,
                     "axes.spines.top": False, "axes.spines.right": False})
#: one colour and marker per option, the same in the latency and the cores plot
_OPTION_COLOURS = [plt.cm.tab10(i) for i in (0, 3, 2, 4, 1, 5, 6, 8, 9)]
_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h"]
#: converters in greys, transforms in colours: the saturated tab20 hues, then their light twins, then tab20b's
#: darkest; no grey among them, so 23 transforms get 23 colours (more repeat them, hatched)
_CONVERTER_GREYS = {"decode": "#555555", "encode": "#b0b0b0"}
_STAGE_COLOURS = ([plt.cm.tab20(i) for i in range(0, 20, 2) if i != 14]
                  + [plt.cm.tab20(i) for i in range(1, 20, 2) if i != 15] + [plt.cm.tab20b(i) for i in range(0, 20, 4)])
COINCIDE = 0.05  # two lines within 5% of each other at every rate lie on each other at the plots' size
_THICK, _THIN = 3.2, 1.4
_LEGEND = {"fontsize": 7.5, "frameon": False, "loc": "upper left", "bbox_to_anchor": (1.01, 1.0)}


def _svg(figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": "smtbench"}, bbox_inches="tight")
    plt.close(figure)
    text = out.getvalue()
    return text[text.index("<svg"):]  # inline in HTML: no XML prolog or doctype


def figures(results: Results, decision: Decision) -> dict[str, str]:
    """Every plot of a run's report: name -> SVG text."""
    return {"latency": latency(decision), "stages": stages(results, decision), "cores": cores(decision)}


def latency(decision: Decision) -> str:
    return _svg(latency_figure(decision))


def cores(decision: Decision) -> str:
    return _svg(cores_figure(decision))


def stages(results: Results, decision: Decision | None = None) -> str:
    return _svg(stages_figure(results, decision))


# -- reading the decision ----------------------------------------------------------------------------------------

def recommended(decision: Decision) -> str | None:
    """The option the verdict chooses at the highest rate (capacity/verdict.py): today's when it is fine as it is,
    else the one it names; None when no option fits."""
    return decision.recommended


def _coincide(one: list, other: list) -> bool:
    """Whether two series (None where saturated) saturate together and lie within COINCIDE of each other."""
    if [v is None for v in one] != [v is None for v in other]:
        return False
    pairs = [(a, b) for a, b in zip(one, other) if a is not None]
    return bool(pairs) and all(abs(a - b) <= COINCIDE * max(abs(a), abs(b)) for a, b in pairs)


def _twins(series: dict[str, list]) -> dict[str, str]:
    """Option -> the earlier option whose line it lies on."""
    names = list(series)
    return {name: next(o for o in names[:i] if _coincide(series[o], series[name]))
            for i, name in enumerate(names) if any(_coincide(series[o], series[name]) for o in names[:i])}


# -- axes --------------------------------------------------------------------------------------------------------

def _duration(us: float) -> str:
    """A tick label in the unit that suits it: 500 ns, 10 µs, 1 ms, 2 s."""
    for scale, unit in ((1e6, "s"), (1e3, "ms"), (1.0, "µs")):
        if us >= scale:
            return f"{us / scale:g} {unit}"
    return f"{us * 1e3:g} ns"


def _rate(rate: float) -> str:
    for scale, unit in ((1e9, "G"), (1e6, "M"), (1e3, "K")):
        if rate >= scale:
            return f"{rate / scale:g}{unit}"
    return f"{rate:g}"


def _decades(values: list[float], headroom: float = 1.6) -> tuple[float, float]:
    """Log-axis limits on whole decades around ``values``, with room above the highest for a line's label."""
    low, high = min(values), max(values) * headroom
    return 10.0 ** math.floor(math.log10(low)), 10.0 ** math.ceil(math.log10(high))


def _log_axes(axes, ylimits: tuple[float, float], yformat) -> None:
    """Both axes logarithmic, labelled at every decade in words (10K, 1 ms), minor ticks unlabelled."""
    axes.set(xscale="log", yscale="log", ylim=ylimits)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: _rate(v)))
    axes.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: yformat(v)))
    for axis in (axes.xaxis, axes.yaxis):
        axis.set_minor_formatter(NullFormatter())
    axes.grid(True, which="major", color="#e6e6e6", linewidth=0.6)
    axes.set_axisbelow(True)


def _limit_line(axes, y: float, text: str, gid: str) -> None:
    """A named horizontal limit, its label at the left (where the options' lines are lowest) on a white ground."""
    axes.axhline(y, color="black", linewidth=1.0, linestyle=(0, (6, 3)), gid=gid, zorder=1)
    axes.text(0.01, y * 1.08, text, transform=axes.get_yaxis_transform(), fontsize=8, va="bottom", zorder=4,
              bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0, "alpha": 0.85}, gid=f"{gid}-label")


def _rates_marked(axes, decision: Decision) -> None:
    """The user's rates as faint vertical lines: where the options table's figures come from."""
    for rate in decision.rates:
        axes.axvline(rate, color="#bbbbbb", linewidth=0.8, linestyle=":", zorder=0)


def _title(axes, what: str, decision: Decision) -> None:
    """The plot's subject, and under it the recommended option and why (or that no option keeps up)."""
    best = recommended(decision)
    top = _rate(max(decision.rates)) if decision.rates else ""
    goal = "meets the p99 SLO" if decision.deployment.get("slo_p99_ms") else "keeps up"
    said = (f"thick line: {best}, the verdict's choice at {top}/s" if best
            else f"no option {goal} at {top}/s" if decision.rates else "")
    axes.set_title(f"{what}\n{said}", fontsize=9.5, loc="left")


def _option_lines(axes, decision: Decision, series: dict[str, list], at_saturation) -> list:
    """One line per option over the rates it keeps up with (its colour, marker and width fixed by its place and
    the recommendation), an x where it saturates, at ``at_saturation(last rate, last value, saturation rate)``;
    returns the legend's extra handles. Each option puts its markers on its own points of the sweep, so two
    options on one line still show both."""
    best = recommended(decision)
    twins = _twins(series)
    every = max(len(decision.curves), 2)
    extra = []
    for index, (name, curve) in enumerate(decision.curves.items()):
        colour, marker = _OPTION_COLOURS[index % len(_OPTION_COLOURS)], _MARKERS[index % len(_MARKERS)]
        label = f"{name} (recommended)" if name == best else name
        if name in twins:
            label += f" (same line as {twins[name]})"
        points = [(p["rate"], v) for p, v in zip(curve["points"], series[name]) if v is not None]
        style = {"color": colour, "linewidth": _THICK if name == best else _THIN, "marker": marker, "markersize": 4,
                 "linestyle": (0, (4, 3)) if name in twins else "-", "gid": f"option-{index}",
                 "markevery": (index % every, every)}
        if not points:
            why = "latency not modelled" if any(o.name == name and o.latency == "not modelled"
                                                for o in decision.options) else "saturated at every rate shown"
            extra.append(Line2D([], [], **dict(style, gid=None), label=f"{label}: {why}"))
            continue
        rates, values = zip(*points)
        axes.plot(rates, values, label=label, zorder=3 if name == best else 2, **style)
        if any(p["saturated"] for p in curve["points"]):
            axes.plot([curve["saturates_at"]], [at_saturation(rates[-1], values[-1], curve["saturates_at"])],
                      marker="x", markersize=9, markeredgewidth=2, color=colour, linestyle="none",
                      gid=f"saturation-{index}", zorder=4)
    if any(any(p["saturated"] for p in c["points"]) for c in decision.curves.values()):
        extra.append(Line2D([], [], marker="x", color="black", linestyle="none", markersize=7,
                            label="x: saturates, lag grows beyond"))
    extra.append(Line2D([], [], color="#bbbbbb", linestyle=":", label="your rates (the table's)"))
    return extra


# -- the plots ---------------------------------------------------------------------------------------------------

def latency_figure(decision: Decision):
    """p99 latency in the Connect task against the input rate, one line per option, up to where it saturates;
    the p99 SLO as a named line inside the axes."""
    figure, axes = plt.subplots(figsize=(6.4, 4.0))
    series = {name: [None if p["saturated"] or p["p99_us"] is None else p["p99_us"] for p in curve["points"]]
              for name, curve in decision.curves.items()}
    slo_ms = decision.deployment.get("slo_p99_ms")
    values = [v for line in series.values() for v in line if v is not None] + ([slo_ms * 1e3] if slo_ms else [])
    _log_axes(axes, _decades(values or [1.0]), _duration)
    extra = _option_lines(axes, decision, series, lambda rate, value, saturates_at: value)
    _rates_marked(axes, decision)
    if slo_ms:
        _limit_line(axes, slo_ms * 1e3, f"p99 SLO {_duration(slo_ms * 1e3)}", "slo")
    axes.set(xlabel="input rate (records/s)", ylabel="p99 latency in the Connect task")
    _title(axes, "p99 latency per option (the options table has the mean)", decision)
    axes.legend(handles=axes.get_legend_handles_labels()[0] + extra, **_LEGEND)
    return figure


def cores_figure(decision: Decision):
    """Cores against the input rate, one line per option (Connect's plus the work moved to producers or
    ksqlDB), up to where it saturates; the deployment's cores (workers x cores per worker) as a named line."""
    figure, axes = plt.subplots(figsize=(6.4, 3.8))
    series = {name: [None if p["saturated"] else p["cores"] for p in curve["points"]]
              for name, curve in decision.curves.items()}
    deployment = decision.deployment
    have = deployment["workers"] * deployment["cores_per_worker"] if deployment.get("cores_per_worker") else None
    values = [v for line in series.values() for v in line if v is not None and v > 0] + ([have] if have else [])
    _log_axes(axes, _decades(values or [1.0]), lambda v: f"{v:g}")
    # cores grow in proportion to the rate: at the saturation point, the last point's cores scaled to it
    extra = _option_lines(axes, decision, series, lambda rate, value, saturates_at: value * saturates_at / rate)
    _rates_marked(axes, decision)
    if have:
        _limit_line(axes, have, f"the deployment's cores: {deployment['workers']} workers × "
                                f"{deployment['cores_per_worker']} = {have:g}", "deployment-cores")
    axes.set(xlabel="input rate (records/s)", ylabel="CPU cores")
    _title(axes, "Cores per option (Connect, plus work moved to producers or ksqlDB)", decision)
    axes.legend(handles=axes.get_legend_handles_labels()[0] + extra, **_LEGEND)
    return figure


def stage_colours(parts: list[str]) -> dict[str, tuple]:
    """A colour per stage: converters grey, each transform its own colour in chain order."""
    transforms = [p for p in parts if p not in _CONVERTER_GREYS]
    colours = {p: matplotlib.colors.to_rgba(_CONVERTER_GREYS[p]) for p in parts if p in _CONVERTER_GREYS}
    colours.update({p: _STAGE_COLOURS[i % len(_STAGE_COLOURS)] for i, p in enumerate(transforms)})
    return colours


def _per_record_unit(top_us: float) -> tuple[float, str]:
    """The divisor from µs and the unit that keep a bar axis's numbers between about 1 and 1,000."""
    if top_us < 1.0:
        return 1e-3, "ns"
    return (1e3, "ms") if top_us >= 1e3 else (1.0, "µs")


def stages_figure(results: Results, decision: Decision | None = None):
    """Stacked cost per record of each stage, one bar per backend, the measured end-to-end marked and written over
    it; the backend of the recommended option, when it is one, named under its bar."""
    rows = {stage: {backend: s.ns_per_record.median / 1e3 for backend, s in by_backend.items()}
            for stage, by_backend in results.stages_by_name().items()}
    transforms = [stage for stage in rows if stage.startswith("transform:")]
    parts = [p for p in ("decode", *transforms, "encode") if p in rows]  # stacked as a record meets them
    backends = results.backends
    heights = {stage: [rows[stage].get(b, rows[stage].get(None, 0.0)) for b in backends] for stage in parts}
    end_to_end = [rows.get("end-to-end", {}).get(b) for b in backends]
    tops = [sum(h[i] for h in heights.values()) for i in range(len(backends))]
    scale, unit = _per_record_unit(max(tops + [e for e in end_to_end if e] + [1e-3]))
    colours = stage_colours(parts)
    figure, axes = plt.subplots(figsize=(6.4, 3.8))
    bottoms = [0.0] * len(backends)
    for stage in parts:
        hatch = "//" if stage in transforms and transforms.index(stage) >= len(_STAGE_COLOURS) else None
        scaled = [h / scale for h in heights[stage]]
        axes.bar(backends, scaled, bottom=bottoms, label=stage, color=colours[stage], width=0.55, hatch=hatch,
                 edgecolor="white", linewidth=0.5, gid=f"stage-{parts.index(stage)}")
        bottoms = [b + h for b, h in zip(bottoms, scaled)]
    measured = [(b, e / scale) for b, e in zip(backends, end_to_end) if e is not None]
    if measured:
        axes.scatter([b for b, _ in measured], [e for _, e in measured], marker="_", s=1100, linewidths=2,
                     color="black", zorder=3)
        for backend, value in measured:
            axes.annotate(f"{value:.3g}", (backend, value), textcoords="offset points", xytext=(0, 4), ha="center",
                          fontsize=8)
    best = recommended(decision) if decision else None
    names = [f"{b}\n(recommended)" if best and chains.get(b).label == best else b for b in backends]
    axes.set_xticks(range(len(backends)), names)
    for tick, name in zip(axes.get_xticklabels(), names):
        tick.set_fontweight("bold" if "recommended" in name else "normal")
    axes.set_ylim(0, max(bottoms + [e for _, e in measured] + [1e-9]) * 1.15)
    axes.set(ylabel=f"{unit} per record")
    axes.set_title("Where a record's time goes (stages measured one by one)", fontsize=9.5, loc="left")
    handles = axes.get_legend_handles_labels()[0][::-1]  # top of the legend = top of the stack
    if measured:
        handles.insert(0, Line2D([], [], color="black", linewidth=2, label="end-to-end, measured"))
    axes.legend(handles=handles, **_LEGEND)
    return figure
