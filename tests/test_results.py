"""Typed results (bench/results/results.py): summarize() from measured rounds, the accessors every reader uses, the
warning when processes disagree (results/spread.py), and summary.json written, read back and written again unchanged."""

import json
from dataclasses import replace

import numpy as np
import pytest

from bench.capacity.decision import decide
from bench.measure.harness import Measurement
from bench.measure.workload import Workload
from bench.output import console, report
from bench.output.tables import stage_table
from bench.results import spread
from bench.results.results import NsPerRecord, Results, StageResult
from bench.results.summarize import summarize

STAGES = [("reference", None, 1000, "t/reference/stdlib"), ("decode", None, 900, "t/json/decode"),
          ("transform:a", "python", 1200, "t/python/transform:a"),
          ("transform:a", "cython", 500, "t/cython/transform:a"),
          ("chain", "python", 1300, "t/python/chain"), ("chain", "cython", 550, "t/cython/chain"),
          ("encode", None, 300, "t/json/encode"), ("pass-through", None, 1250, "t/json/pass-through"),
          ("end-to-end", "python", 2600, "t/python/end-to-end"), ("end-to-end", "cython", 1800, "t/cython/end-to-end")]


def measured(backends=("python", "cython"), processes=3, rounds=3, cpu_share=None):
    """Rounds of wall times, and CPU times over the same passes: ``cpu_share`` of the wall for the cells it names
    (a stage that waits), 0.97 of it for the others."""
    rng = np.random.default_rng(1)
    stages = [s for s in STAGES if s[1] in (None, *backends)]
    cells = {name: {"stage": stage, "backend": backend, "records": 100} for stage, backend, _ns, name in stages}
    runs = []
    for _ in range(processes):
        values = [{name: ns * 1e-9 * rng.uniform(0.95, 1.05) for _s, _b, ns, name in stages} for _ in range(rounds)]
        cpu = [{name: wall * (cpu_share or {}).get(name, 0.97) for name, wall in round_.items()} for round_ in values]
        runs.append({"values": values, "cpu": cpu, "warmups": [], "metadata": {}})
    workload = Workload(name="t", topic="t", format="json", configs=[], predicates=[], base_dir=".",
                        backends=list(backends),
                        wire=[(b"{}", 0, i, 0) for i in range(100)], count=120, stages=[("a", "ReplaceField$Value")],
                        record_counts=[100, 90], warnings=["w"], messages_digest="d")
    return Measurement(cells=cells, processes=runs), workload


def results(backends=("python", "cython"), cpu_share=None):
    measurement, workload = measured(backends, cpu_share=cpu_share)
    return summarize(measurement, workload, backends=workload.backends, mode="quick", source="generated",
                     wall_time_s=1.234, run="r",
                     chain_file="c.yaml")


def costs(backends):
    rng = np.random.default_rng(0)
    means = {"python": 2.6, "cython": 1.8, "pass-through": 1.25}
    return {name: (rng.gamma(4.0, means[name] / 4, 500) * 1e-6).tolist() for name in (*backends, "pass-through")}


@pytest.mark.parametrize("backends", [("python", "cython"), ("python",)])
def test_summary_json_round_trips_unchanged(backends):
    found = results(backends)
    found.decision = decide(found, costs(backends), {"rates": [1_000, 5_000_000], "partitions": 2, "slo_p99_ms": 1})
    written = json.dumps(found.to_json(), indent=2)
    again = Results.from_json(json.loads(written))
    assert json.dumps(again.to_json(), indent=2) == written
    assert again == found


def test_the_fields_users_read():
    doc = results().to_json()
    assert list(doc) == ["summary_version", "name", "run", "chain_file", "mode", "processes", "rounds_per_process",
                         "messages", "backends", "stages", "transforms", "ratios", "chain_vs_pass_through",
                         "warnings", "wall_time_s", "environment", "plans"]
    assert doc["summary_version"] == 1 and doc["wall_time_s"] == 1.23
    assert doc["messages"] == {"source": "generated", "format": "json", "topic": "t", "count": 120,
                               "records_per_pass": 100, "bytes_per_record": 2.0}
    assert doc["transforms"] == [{"alias": "a", "type": "ReplaceField$Value", "records_in": 100, "records_out": 90,
                                  "dropped": 10, "skipped": 0}]
    stage = doc["stages"][2]
    assert list(stage) == ["name", "stage", "backend", "records", "ns_per_record", "cpu_ns_per_record",
                           "wall_over_cpu", "share_of_chain", "relative_to_reference"]
    assert list(stage["ns_per_record"]) == ["median", "mean", "stdev", "min", "max", "process_medians"]
    assert list(stage["cpu_ns_per_record"]) == list(stage["ns_per_record"])  # the same shape, CPU time
    assert len(stage["cpu_ns_per_record"]["process_medians"]) == 3
    assert len(stage["relative_to_reference"]["process_values"]) == 3
    assert set(doc["ratios"]) == {"cython/python"} and set(doc["chain_vs_pass_through"]) == {"python", "cython"}
    assert list(doc["ratios"]["cython/python"]["chain"]) == ["median", "q1", "q3", "n"]


def test_accessors():
    found = results()
    assert found.median_ns("chain", "python") == pytest.approx(1300, rel=0.06)
    assert found.median_ns("decode") == pytest.approx(900, rel=0.06) and found.median_ns("chain", "jvm") is None
    by_name = found.stages_by_name()
    assert "reference" not in by_name and set(by_name["chain"]) == {"python", "cython"} and None in by_name["decode"]
    assert list(by_name)[:2] == ["decode", "transform:a"]  # in measuring order
    assert found.ratio("cython", "chain").median == pytest.approx(550 / 1300, rel=0.1)
    assert found.ratio("cython", "chain").n == 9  # 3 processes x 3 paired rounds
    assert found.current_backend() == "python" and results(("cython",)).current_backend() == "cython"
    assert set(found.relative_samples()) == {s.name for s in found.stages if s.stage != "reference"}


def test_tables_follow_the_backends_measured():
    both, python = stage_table(results(), detailed=True), stage_table(results(("python",)), detailed=True)
    assert both[0] == ["stage", "python ns/record", "cython ns/record", "cython ÷ python [IQR]", "alone ÷ chain"]
    assert python[0] == ["stage", "python ns/record", "alone ÷ chain"]
    assert stage_table(results())[0] == ["stage", "python ns/record", "cython ns/record", "cython ÷ python"]
    text = console.run(results())
    assert "cython runs the chain" in text and "as fast as python" in text
    assert "transform 'a' dropped 10 of 100 records" in text


def test_cpu_time_is_kept_beside_wall_time_and_shown_where_they_differ():
    found = results(cpu_share={"t/python/chain": 0.1, "t/python/end-to-end": 0.5})
    chain, cython = found.stage("chain", "python"), found.stage("chain", "cython")
    assert found.median_cpu_ns("chain", "python") == pytest.approx(0.1 * found.median_ns("chain", "python"), rel=0.06)
    assert chain.waits and not cython.waits  # 0.97 of the wall: within 10%, one figure
    table = {row[0]: row for row in stage_table(found, detailed=True)}
    assert "(cpu " in table["chain"][1] and "(cpu " not in table["chain"][2]
    assert "(cpu " not in table["transform:a"][1]
    text = console.run(found)
    assert "(cpu N): the measuring thread's CPU time" in text and "CPU time sizes the cores" in text
    assert "(cpu N)" not in console.run(results())  # nothing differs: no CPU figures, no note about them


def test_a_stage_waits_only_beyond_what_the_machine_does_to_the_reference_in_every_process():
    # A busy machine keeps a process off its core: its wall times run long, its CPU times do not, for the
    # reference workload as much as for any stage. Only a stage that waits beyond that, in every process, waits.
    def stage(ratios):
        return StageResult("t/python/chain", "chain", "python", 100, NsPerRecord(1, 1, 0, 1, 1, [1]), None, None,
                           NsPerRecord(1, 1, 0, 1, 1, [1]), ratios)
    assert not stage([1.4, 1.0]).waits and stage([41.5, 43.1]).waits and not stage([1.05]).waits
    assert not stage(None).waits
    measurement, workload = measured()
    for process in measurement.processes[:2]:  # two of three processes stretched 1.5x: all their cells alike
        process["cpu"] = [{name: wall / 1.5 for name, wall in round_.items()} for round_ in process["values"]]
    loaded = summarize(measurement, workload, backends=["python", "cython"], mode="quick", source="s",
                       wall_time_s=1.0, run="r", chain_file="c.yaml")
    assert not any(s.waits for s in loaded.stages)
    assert loaded.stage("chain", "python").wall_over_cpu == pytest.approx([1.0, 1.0, 1.0], rel=0.01)
    assert results(cpu_share={"t/python/chain": 0.1}).stage("chain", "python").waits


def test_a_jvm_fork_without_the_reference_is_judged_against_its_own_converters():
    # a JVM fork times no reference workload: on a loaded machine its chain's wall runs 2x its CPU, as its
    # converters' does, so the chain does not wait; a chain that waits beyond its converters does
    def fork(chain_share):
        wall = {"t/jvm/decode": 1e-6, "t/jvm/pass-through": 2e-6, "t/jvm/chain": 1e-6}
        cpu = {name: ns / 2 for name, ns in wall.items()}
        cpu["t/jvm/chain"] = wall["t/jvm/chain"] * chain_share
        return {"values": [wall] * 3, "cpu": [cpu] * 3, "warmups": [], "metadata": {}}
    measurement, workload = measured(("python",))
    measurement.cells.update({f"t/jvm/{stage}": {"stage": stage, "backend": "jvm", "records": 100}
                              for stage in ("decode", "pass-through", "chain")})
    for share, waits in ((0.5, False), (0.1, True)):
        measurement.processes[:] = measurement.processes[:3] + [fork(share), fork(share)]
        found = summarize(measurement, workload, backends=["python", "jvm"], mode="quick", source="s",
                          wall_time_s=1.0, run="r", chain_file="c.yaml")
        assert found.stage("chain", "jvm").waits is waits
        assert not found.stage("pass-through", "jvm").waits  # against its decode


def test_a_process_without_cpu_times_gives_none_never_the_wall_time():
    # the JVM's forks have no CPU times where the JVM lacks a thread CPU clock: the stage then has none
    measurement, workload = measured(("python",))
    for process in measurement.processes[1:]:
        del process["cpu"]
    found = summarize(measurement, workload, backends=["python"], mode="quick", source="generated", wall_time_s=1,
                      run="r", chain_file="c.yaml")
    assert all(s.cpu_ns_per_record is None for s in found.stages)
    assert found.median_cpu_ns("chain", "python") is None and found.median_ns("chain", "python")


def test_a_summary_from_before_cpu_time_still_loads_and_decides():
    doc = results().to_json()
    for stage in doc["stages"]:
        del stage["cpu_ns_per_record"]
    old = Results.from_json(doc)
    assert all(s.cpu_ns_per_record is None and not s.waits for s in old.stages)
    decision = decide(old, costs(("python", "cython")), {"rates": [1_000], "partitions": 2})
    assert "CPU time per record = wall time for interpreted (python), compiled (cython), in the producer, in ksqlDB " \
           "(not measured)" in decision.assumed
    python = decision.options[0]
    assert python.cpu_us_per_record is None  # cores then come from the wall time, as the assumption says
    assert python.at[0]["cores"] == pytest.approx(1_000 * python.us_per_record * 1e-6, rel=0.02)


def test_a_median_has_a_low_and_a_high_level_from_its_processes():
    figures = NsPerRecord(median=1500, mean=1600, stdev=300, min=1100, max=3000, process_medians=[1210, 2904, 1400])
    assert figures.range() == (1210, 2904) and figures.disagreement == pytest.approx(2.4, rel=0.001)
    alone = NsPerRecord(1500, 1500, 0, 1400, 1600, [1500])
    assert alone.range() == (1500, 1500) and alone.disagreement == 1.0
    assert NsPerRecord(1500, 1500, 0, 1400, 1600, []).range() == (1500, 1500)  # no process medians: the median


def disagreeing(by: float, cell="t/cython/chain", mode="quick"):
    """A run of 2 processes whose second timed ``cell`` ``by`` times as long as the first did, wall and CPU."""
    measurement, workload = measured(processes=2)
    for clock in ("values", "cpu"):
        measurement.processes[1][clock] = [{name: value * (by if name == cell else 1) for name, value in r.items()}
                                           for r in measurement.processes[0][clock]]
    return summarize(measurement, workload, backends=workload.backends, mode=mode, source="generated",
                     wall_time_s=1, run="r", chain_file="c.yaml")


def test_processes_that_disagree_on_a_stage_the_decision_reads_give_a_warning():
    found = disagreeing(2.4)
    lines = [w for w in found.warnings if "disagree" in w]
    assert len(lines) == 1 and found.warnings[0] == "w"  # one line for cython, after the chain file's own
    assert lines[0].startswith("warning: cython: the 2 processes disagree on the chain: medians from ")
    low, high = found.stage("chain", "cython").ns_per_record.range()
    assert f"{low:,.0f} to {high:,.0f} ns per record (2.40x; a quick run expects at most " in lines[0]
    assert "the chain in CPU time 2.40x too" in lines[0]
    assert lines[0].endswith("rerun on a quieter machine, or with --rigorous")
    assert not any("disagree" in w for w in disagreeing(1.05).warnings)
    assert not any("disagree" in w for w in disagreeing(2.4, "t/cython/transform:a").warnings)  # not decided on
    converters = [w for w in disagreeing(3, "t/json/pass-through", "rigorous").warnings if "disagree" in w]
    assert converters[0].startswith("warning: converters: the 2 processes disagree on the converters alone")
    assert converters[0].endswith("rerun on a quieter machine")  # rigorous already


def test_the_disagreement_reaches_the_console_and_the_report():
    found = disagreeing(2.4)
    warning = next(w for w in found.warnings if "disagree" in w)
    found.decision = decide(found, costs(("python", "cython")), {"rates": [1_000], "partitions": 2})
    assert warning in console.run(found).splitlines()
    assert f"- {warning}" in report.markdown(found, found.decision, {}).splitlines()
    assert "disagree" not in console.run(results())


def test_the_jvm_forks_are_held_to_their_own_mark_and_one_fork_to_none():
    def run(mode, medians):
        jvm = StageResult("t/jvm/chain", "chain", "jvm", 100, NsPerRecord(1000, 1000, 0, 900, 2400, medians))
        return spread.warnings(replace(results(), mode=mode, stages=[*results().stages, jvm]))
    assert run("default", [958, 1213, 973]) == []  # each JVM compiled the chain its own way: seen on a quiet machine
    said = run("default", [958, 2324, 973])
    assert len(said) == 1 and said[0].startswith("warning: jvm: the 3 JVM forks disagree on the chain: medians from "
                                                 "958 to 2,324 ns per record (2.43x; a default run expects at most")
    assert run("quick", [2324]) == []


def test_a_machine_busy_throughout_is_said_though_the_processes_agree():
    measurement, workload = measured()
    for process in measurement.processes:  # every process off its core half the time, alike: they agree
        process["cpu"] = [{name: wall / 2 for name, wall in round_.items()} for round_ in process["values"]]
    found = summarize(measurement, workload, backends=workload.backends, mode="quick", source="s", wall_time_s=1,
                      run="r", chain_file="c.yaml")
    busy = [w for w in found.warnings if "busy throughout" in w]
    assert len(busy) == 1 and "wall time was 2.00x to 2.00x its CPU time" in busy[0]
    assert not any("disagree" in w for w in found.warnings)
    assert not any("busy throughout" in w for w in results().warnings)  # CPU time 0.97 of the wall: quiet
