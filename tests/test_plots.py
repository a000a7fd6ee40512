"""The report's plots (bench/output/plots.py), checked on the figures' data, never on pixels: the SLO and the
deployment's cores drawn inside the axes and named, legends clear of the data, a colour per stage, the recommended
option drawn thick and named, coinciding lines both visible, saturation marked, the same SVG every time."""

import matplotlib.pyplot as plt
import pytest

from bench.output import plots
from bench.results.results import Decision, Option, Results

GRID = [1_000.0 * 10 ** (i / 4) for i in range(17)]  # 1K to 10M records/s


def curve(us: float, saturates_at: float) -> dict:
    """An option's sweep: p99 rising towards saturation, cores in proportion to the rate."""
    points = [{"rate": r, "saturated": r >= saturates_at, "mean_us": None if r >= saturates_at else us,
               "p99_us": None if r >= saturates_at else 3 * us / (1 - r / saturates_at), "cores": r * us * 1e-6}
              for r in GRID]
    return {"points": points, "saturates_at": saturates_at}


def option(name: str, rows: list[tuple[float, bool, bool]]) -> Option:
    """An option at the user's rates: (total cores, saturated, meets the SLO) per rate."""
    at = [{"total_cores": c, "saturated": s, "meets_slo": m} for c, s, m in rows]
    return Option(name, "converters + the chain", "", 1.0, at)


def decision(slo_ms=50.0, cores_per_worker=4, curves=None, options=None, recommended="compiled (cython)") -> Decision:
    """At the highest rate python saturates, and the verdict chooses cython (``recommended``)."""
    curves = curves or {"interpreted (python)": curve(10.0, 400_000), "compiled (cython)": curve(4.0, 2e6),
                        "in the producer": curve(2.0, 4e6)}
    options = options or [option("interpreted (python)", [(0.1, False, True), (5.0, True, False)]),
                          option("compiled (cython)", [(0.04, False, True), (2.0, False, True)]),
                          option("in the producer", [(0.06, False, True), (3.0, False, True)])]
    deployment = {"partitions": 12, "tasks": 10, "workers": 3, "cores_per_worker": cores_per_worker,
                  "put_ms": 0.0, "max_poll_records": 500, "slo_p99_ms": slo_ms}
    return Decision(deployment, [], [10_000.0, 500_000.0], options, [], curves, recommended=recommended)


def results(transforms: int, ns: float = 1_000.0) -> Results:
    """A run's summary with ``transforms`` stages between the converters, on two backends."""
    def stage(name, backend, median):
        figures = {"median": median, "mean": median, "stdev": 0.0, "min": median, "max": median,
                   "process_medians": [median]}
        return {"name": f"t/{backend}/{name}", "stage": name, "backend": backend, "records": 100,
                "ns_per_record": figures, "share_of_chain": None}
    stages = [stage("decode", None, ns), stage("encode", None, ns / 2)]
    for backend in ("python", "cython"):
        stages += [stage(f"transform:t{i}", backend, ns / 4) for i in range(transforms)]
        stages += [stage("end-to-end", backend, ns * (2 + transforms / 4))]
    return Results.from_json({
        "summary_version": 1, "name": "t", "run": "r", "chain_file": "c.yaml", "mode": "quick", "processes": 2,
        "rounds_per_process": 2, "wall_time_s": 1.0, "backends": ["python", "cython"], "stages": stages,
        "messages": {"format": "json", "records_per_pass": 100, "source": "generated", "count": 100, "topic": "t"},
        "transforms": [], "ratios": {}, "chain_vs_pass_through": {}, "warnings": [], "environment": {}})


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def by_gid(axes, gid):
    return [line for line in axes.get_lines() if line.get_gid() == gid]


@pytest.mark.parametrize("slo_ms", [0.005, 10.0, 50.0, 60_000.0])
def test_the_slo_line_lies_inside_the_axes_named_and_clear_of_the_legend(slo_ms):
    figure = plots.latency_figure(decision(slo_ms=slo_ms))
    axes = figure.axes[0]
    (slo,) = by_gid(axes, "slo")
    low, high = axes.get_ylim()
    assert low < slo.get_ydata()[0] == slo_ms * 1e3 < high  # µs on the axis
    label = next(t for t in axes.texts if t.get_gid() == "slo-label")
    assert label.get_text().startswith("p99 SLO ")
    figure.canvas.draw()
    assert axes.get_legend().get_window_extent().x0 >= axes.get_window_extent().x1  # beside the axes, not on them


def test_latency_ticks_carry_their_unit():
    figure = plots.latency_figure(decision(slo_ms=50.0))
    figure.canvas.draw()
    ticks = {t.get_text() for t in figure.axes[0].get_yticklabels()}
    assert {"10 µs", "1 ms", "10 ms"} <= ticks and "50 ms" in plots._duration(50_000)
    assert {"10K", "1M"} <= {t.get_text() for t in figure.axes[0].get_xticklabels()}
    assert plots._duration(0.5) == "500 ns" and plots._duration(2e6) == "2 s"


def test_each_of_twenty_stages_has_its_own_colour_and_converters_are_grey():
    axes = plots.stages_figure(results(20)).axes[0]
    colours = {c.get_label(): c.patches[0].get_facecolor() for c in axes.containers}
    assert len(colours) == 22 and len(set(colours.values())) == 22
    assert list(colours) == ["decode", *[f"transform:t{i}" for i in range(20)], "encode"]  # stacked in record order
    for converter in ("decode", "encode"):
        red, green, blue, _ = colours[converter]
        assert red == green == blue
    assert all(len({r, g, b}) > 1 for name, (r, g, b, _) in colours.items() if name.startswith("transform:"))
    assert len(set(plots.stage_colours([f"transform:{i}" for i in range(23)]).values())) == 23


def test_stage_costs_take_the_unit_that_suits_them():
    assert plots.stages_figure(results(3, ns=200.0)).axes[0].get_ylabel() == "ns per record"
    assert plots.stages_figure(results(3, ns=5_000.0)).axes[0].get_ylabel() == "µs per record"
    assert plots.stages_figure(results(3, ns=2e6)).axes[0].get_ylabel() == "ms per record"


def test_the_deployments_cores_are_a_named_line_when_cores_per_worker_is_given():
    axes = plots.cores_figure(decision(cores_per_worker=4)).axes[0]
    (line,) = by_gid(axes, "deployment-cores")
    low, high = axes.get_ylim()
    assert low < line.get_ydata()[0] == 12 < high  # 3 workers x 4 cores
    assert any("3 workers × 4 = 12" in t.get_text() for t in axes.texts)
    assert not by_gid(plots.cores_figure(decision(cores_per_worker=None)).axes[0], "deployment-cores")


def test_the_recommended_option_is_drawn_thick_and_named():
    made = decision()
    assert plots.recommended(made) == "compiled (cython)"
    for figure in (plots.latency_figure(made), plots.cores_figure(made)):
        axes = figure.axes[0]
        widths = [by_gid(axes, f"option-{i}")[0].get_linewidth() for i in range(3)]
        assert widths[1] > 2 * max(widths[0], widths[2])
        assert "compiled (cython), the verdict's choice at 500K/s" in axes.get_title("left")
        assert "compiled (cython) (recommended)" in [t.get_text() for t in axes.get_legend().get_texts()]
    stages = plots.stages_figure(results(2), made).axes[0]
    bold = [t.get_text() for t in stages.get_xticklabels() if t.get_fontweight() == "bold"]
    assert bold == ["cython\n(recommended)"]


def test_no_recommendation_when_no_option_meets_the_slo_at_the_highest_rate():
    missed = [option(name, [(1.0, False, True), (2.0, False, False)]) for name in ("interpreted (python)",
                                                                                   "compiled (cython)",
                                                                                   "in the producer")]
    made = decision(options=missed, recommended=None)
    assert plots.recommended(made) is None
    axes = plots.latency_figure(made).axes[0]
    assert "no option meets the p99 SLO at 500K/s" in axes.get_title("left")
    assert len({by_gid(axes, f"option-{i}")[0].get_linewidth() for i in range(3)}) == 1


def test_coinciding_lines_are_both_visible_and_said_to_coincide():
    same = curve(2.0, 4e6)
    made = decision(curves={"interpreted (python)": curve(10.0, 400_000), "in the producer": same,
                            "in ksqlDB": {"points": [dict(p) for p in same["points"]], "saturates_at": 4e6}})
    axes = plots.latency_figure(made).axes[0]
    producer, ksql = by_gid(axes, "option-1")[0], by_gid(axes, "option-2")[0]
    assert producer.get_linestyle() == "-" and ksql.get_linestyle() != "-"  # dashed over it: both colours show
    assert producer.get_markevery() != ksql.get_markevery()  # their markers on different points
    assert "in ksqlDB (same line as in the producer)" in [t.get_text() for t in axes.get_legend().get_texts()]


def test_saturation_is_marked_where_it_happens():
    axes = plots.latency_figure(decision()).axes[0]
    (python,) = by_gid(axes, "saturation-0")
    assert python.get_xdata()[0] == 400_000 and python.get_marker() == "x"
    cores = plots.cores_figure(decision()).axes[0]
    assert by_gid(cores, "saturation-0")[0].get_ydata()[0] == pytest.approx(400_000 * 10e-6)


def test_the_svg_is_the_same_every_time_and_dateless():
    made, run = decision(), results(3)
    first, second = plots.figures(run, made), plots.figures(run, made)
    assert first == second and set(first) == {"latency", "stages", "cores"}
    assert all(svg.startswith("<svg") and "<dc:date>" not in svg for svg in first.values())
    assert 'id="slo"' in first["latency"] and 'id="deployment-cores"' in first["cores"]


def test_an_option_whose_latency_is_not_modelled_has_no_latency_line():
    ksql = option("in ksqlDB", [(0.2, False, None), (10.0, False, None)])
    ksql.latency = "not modelled"
    no_latency = curve(2.0, 4e6)
    for point in no_latency["points"]:
        point["mean_us"] = point["p99_us"] = None
    made = decision(curves={**decision().curves, "in ksqlDB": no_latency}, options=[*decision().options, ksql])
    axes = plots.latency_figure(made).axes[0]
    assert not by_gid(axes, "option-3")  # nothing drawn for it
    assert "in ksqlDB: latency not modelled" in [t.get_text() for t in axes.get_legend().get_texts()]
