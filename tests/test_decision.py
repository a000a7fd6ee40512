"""The decision report (bench/capacity/decision.py, bench/output/report.py): options, thresholds, the verdict,
self-contained HTML."""

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest

from bench.capacity.decision import decide as decide_typed
from bench.capacity.decision import deployment_from
from bench.output import console, plots, report
from bench.output.tables import option_rows
from bench.results.results import NsPerRecord, Quartiles, Results, StageResult


def figures(ns):
    return {"median": ns, "mean": ns, "stdev": 0.0, "min": ns, "max": ns, "process_medians": [ns]}


def stage(name, backend, median_ns, cpu_ns=None):
    """A stage's summary.json entry; without ``cpu_ns``, as a summary from before CPU time was measured."""
    doc = {"name": f"t/{backend or 'json'}/{name}", "stage": name, "backend": backend, "records": 100,
           "ns_per_record": figures(median_ns), "share_of_chain": None}
    return doc if cpu_ns is None else dict(doc, cpu_ns_per_record=figures(cpu_ns), wall_over_cpu=[median_ns / cpu_ns])


def summary(chain_us=5.0, e2e_py=8.0, e2e_cy=4.0, through=2.0, backends=("python", "cython")):
    stages = [stage("decode", None, through * 600), stage("encode", None, through * 400),
              stage("pass-through", None, through * 1e3)]
    for backend, e2e, factor in (("python", e2e_py, 1.0), ("cython", e2e_cy, 0.4)):
        if backend in backends:
            stages += [stage("transform:a", backend, chain_us * factor * 1e3),
                       stage("chain", backend, chain_us * factor * 1e3), stage("end-to-end", backend, e2e * 1e3)]
    return Results.from_json({
        "summary_version": 1, "name": "t", "run": "r", "chain_file": "c.yaml", "mode": "quick", "processes": 2,
        "rounds_per_process": 2, "wall_time_s": 1.0, "backends": list(backends), "stages": stages,
        "messages": {"format": "json", "records_per_pass": 100, "source": "generated", "count": 100, "topic": "t"},
        "transforms": [{"alias": "a", "type": "ReplaceField$Value", "records_in": 100, "records_out": 100}],
        "ratios": {"cython/python": {"chain": {"median": 0.4, "q1": 0.39, "q3": 0.41, "n": 4}}}
        if "cython" in backends else {},
        "chain_vs_pass_through": {}, "warnings": [], "environment": {}})


def decide(*args):
    """The decision in its summary.json form, which is what users read."""
    return decide_typed(*args).to_json()


def costs(*means_us):
    rng = np.random.default_rng(0)
    names = ["python", "cython", "pass-through"]
    return {name: (rng.gamma(4.0, mean / 4, 1000) * 1e-6).tolist() for name, mean in zip(names, means_us)}


def test_projection_defaults_are_stated():
    deployment, fetch, rates, assumed = deployment_from({"partitions": 6}, record_bytes=300)
    assert (deployment.partitions, deployment.tasks, rates) == (6, 6, [1_000.0, 10_000.0, 100_000.0])
    assert (deployment.poll_overhead, fetch.min_bytes, fetch.max_wait, fetch.record_bytes) == (0.0, 1, 0.5, 300)
    said = " ".join(assumed)
    assert "rates = [1000, 10000, 100000]" in said and "tasks = 6" in said
    assert "the sink's put() takes 0 ms per batch" in said and "fetch.min.bytes = 1" in said
    assert "max.poll.records = 500" in said


def test_options_and_the_cheapest_that_meets_the_slo():
    decision = decide(summary(), costs(8, 4, 2), {"rates": [10_000, 600_000], "partitions": 4, "tasks": 4,
                                                   "slo_p99_ms": 50})
    assert [o["name"] for o in decision["options"]] == ["interpreted (python)", "compiled (cython)",
                                                        "in the producer", "in ksqlDB"]
    python, cython, producer, ksql = decision["options"]
    assert python["at"][1]["saturated"] and not cython["at"][1]["saturated"]  # 150K/s per task: ρ 1.2 and 0.6
    assert python["us_per_record"] == pytest.approx(8.0)
    assert producer["at"][0]["outside_cores"] == pytest.approx(10_000 * 2e-6)  # the chain moves to producers,
    assert "at least its cython cost per record" in producer["outside"]  # at the fastest measured way to run it
    assert ksql["at"][0]["outside_cores"] == pytest.approx(10_000 * 20e-6)  # the stated ksqlDB assumption
    verdict = decision["verdict"]
    assert verdict[0].startswith("On interpreted (python), the chain costs 5.00 µs of wall time per record and the "
                                 "json converters 2.00 µs: the chain is 71% of the task's wall time.")
    assert verdict[1].startswith("The chain, not the converters, is most of the task's work")
    assert "Kafka's Java SMTs, what a Connect worker runs, were not" in verdict[2]  # said plainly
    assert verdict[3].startswith("Act: at 600,000 records/s interpreted (python) does not keep up: lag grows; "
                                 "compiled (cython) (2.40 cores, p99 ")
    assert verdict[3].endswith("meets the p99 SLO of 50 ms.")
    assert "On compiled (cython), the chain runs 2.5x as fast as on interpreted (python)." in verdict  # python
    # saturates at 600,000/s: no saving is counted against it


def test_latency_in_the_task_what_the_chain_adds_and_what_is_not_modelled():
    decision = decide_typed(summary(), costs(8, 4, 2), {"rates": [10_000], "partitions": 4, "slo_p99_ms": 50})
    python, cython, producer, ksql = decision.options
    for option in (python, cython):  # the option minus its converters alone (the producer's task), at that rate
        at = option.at[0]
        assert at["added_mean_us"] == pytest.approx(at["mean_latency_us"] - producer.at[0]["mean_latency_us"],
                                                    abs=0.002)  # each rounded to the ns
        assert at["added_p99_us"] == pytest.approx(at["p99_latency_us"] - producer.at[0]["p99_latency_us"],
                                                   abs=0.002)
        assert at["connect_p99_us"] == at["p99_latency_us"] and at["fetch_wait_mean_us"] == 0  # fetch.min.bytes 1
    assert python.at[0]["added_mean_us"] > cython.at[0]["added_mean_us"] > 0
    assert producer.latency == "moved" and producer.at[0]["added_mean_us"] == 0
    assert ksql.latency == "not modelled" and not ksql.measured
    assert ksql.at[0]["p99_latency_us"] is None and ksql.at[0]["meets_slo"] is None  # never a number, or "meets"
    rows = {row[1]: row for row in option_rows(decision)}
    assert rows["in ksqlDB"][5:] == ["not modelled"] * 6
    assert rows["in the producer"][7:9] == ["0 (moved out)"] * 2
    text = console.decision(decision)
    assert "chain adds: mean" in text and "Not modelled: the producer's linger.ms" in text
    assert "Fetch: fetch.min.bytes 1 is filled by one record" in text and "put() of the batch (0 ms per batch)" in text


def test_a_fetch_that_waits_to_fill_is_in_the_latency_the_slo_is_judged_on():
    # 1,000 records/s over 4 tasks at 100 bytes: 64 KB takes 2.6 s to fill, so each fetch waits fetch.max.wait.ms
    s = summary()
    s.messages = dataclasses.replace(s.messages, bytes_per_record=100.0)
    decision = decide_typed(s, costs(8, 4, 2), {"rates": [1_000], "partitions": 4, "slo_p99_ms": 200,
                                                "fetch_min_bytes": 65_536, "fetch_max_wait_ms": 250})
    cython = decision.options[1].at[0]
    assert cython["fetch_wait_mean_us"] == pytest.approx(125_000)  # half the window, on average
    assert cython["connect_p99_us"] == pytest.approx(0.99 * 250_000, rel=0.01)  # the p99 of Uniform(0, 250 ms)
    assert cython["p99_latency_us"] < 100 and cython["meets_slo"] is False
    assert "p99 with fetch" in console.decision(decision)
    assert "fetch.min.bytes = 1" not in " ".join(decision.assumed)


def test_when_the_converters_dominate_the_verdict_says_so_and_nothing_contradicts_it():
    # a 0.5 µs chain beside 4 µs of converters: 11% of the task, and at 100K/s a few hundredths of a core
    decision = decide(summary(chain_us=0.5, e2e_py=4.5, e2e_cy=4.2, through=4.0), costs(4.5, 4.2, 4),
                      {"rates": [1_000, 100_000], "partitions": 12})
    verdict = decision["verdict"]
    assert "the chain is 11% of the task's wall time" in verdict[0]
    assert verdict[1].startswith("The converters, not the chain, are the bottleneck: a chain that cost nothing "
                                 "would save 0.05 cores at 100,000 records/s")
    assert plots.recommended(decide_typed(summary(chain_us=0.5, e2e_py=4.5, e2e_cy=4.2, through=4.0),
                                          costs(4.5, 4.2, 4), {"rates": [1_000, 100_000], "partitions": 12})) \
        == "interpreted (python)"  # the plots draw thick what the verdict chooses: today's option, here
    fine = [line for line in verdict if line.startswith("Fine as it is")]
    assert len(fine) == 1 and "interpreted (python) keeps up at every rate" in fine[0]
    assert not any(word in " ".join(verdict) for word in ("worth moving", "Worth changing", "Act:"))


def test_a_saving_worth_having_is_named_with_its_figures():
    # python 40 µs a record, cython 10: at 100K/s on 24 tasks, 4.2 cores against 1.2
    decision = decide(summary(chain_us=38, e2e_py=40, e2e_cy=10, through=2), costs(40, 10, 2),
                      {"rates": [100_000], "partitions": 24})
    change = [line for line in decision["verdict"] if line.startswith("Worth changing")]
    assert len(change) == 1
    assert change[0].startswith("Worth changing: at 100,000 records/s compiled (cython) (1.00 cores, p99 ")
    assert ("3.00 cores fewer than interpreted (python) (4.00; at least 3.00 over the processes' spread) (0.00 of "
            "them from its converters, 2.28 from its chain)") in change[0]  # one process each; the same converters,
    # the chain 38 against 15.2 µs a record
    assert "in a Python consumer or stream processor (transforms.build_chain(..., backend='cython'))" in change[0]
    assert ("On compiled (cython), the chain runs 2.5x as fast as on interpreted (python); as an option, 1.00 cores "
            "at 100,000 records/s, 3.00 fewer than interpreted (python).") in decision["verdict"]
    assert ("Moving the chain into the producers would take 3.80 cores off the Connect workers at 100,000 records/s "
            "and put at least 1.52 on the producers.") in decision["verdict"]  # its cython chain, 15.2 µs


def test_a_backend_no_faster_than_the_reference_is_never_worth_it():
    # a chain of custom Python classes: the cython backend runs the same Python
    same = summary(chain_us=20, e2e_py=22, e2e_cy=22)
    same.ratios["cython/python"]["chain"] = Quartiles(0.99, 0.97, 1.02, 4)
    decision = decide(same, costs(22, 22, 2), {"rates": [1_000], "partitions": 4})
    said = " ".join(decision["verdict"])
    assert "On compiled (cython), the chain runs no faster than on interpreted (python) (ratio 0.99, 0.97-1.02)" in said
    assert "1.0x as fast" not in said and "Worth changing" not in said


def test_an_assumed_option_is_never_recommended_only_mentioned():
    # a 300 µs chain: ksqlDB at its assumed 20 µs would be cheaper, but that is an assumption, not a measurement
    decision = decide(summary(chain_us=300, e2e_py=302, e2e_cy=120, backends=("python",)),
                      {"python": costs(302)["python"], "pass-through": costs(2, 2, 2)["pass-through"]},
                      {"rates": [1_000], "partitions": 12})
    said = decision["verdict"]
    assert not any(line.startswith(("Worth changing: at 1,000 records/s in ksqlDB", "Fine")) and "in ksqlDB (" in line
                   for line in said)
    assert any(line.startswith("in ksqlDB could cost less") and "Measure it before moving" in line for line in said)


def test_nothing_keeps_up_says_what_it_needs():
    measured = costs(8, 4, 2)
    del measured["cython"]
    decision = decide(summary(backends=("python",)), measured, {"rates": [2_000_000], "partitions": 4, "tasks": 4})
    assert decision["verdict"][-1].endswith("no option keeps up with tasks.max 4 on 4 partitions; it needs about 6 "
                                            "busy tasks: that many partitions, and tasks.max 6.")
    decision = decide(summary(backends=("python",)), measured, {"rates": [2_000_000], "partitions": 12, "tasks": 4})
    assert decision["verdict"][-1].endswith("raise tasks.max to about 6 (the topic has 12 partitions).")


def waiting(chain_cpu_ns):
    """A python-only run whose chain holds the task 1 ms per record for ``chain_cpu_ns`` of CPU (a blocking
    lookup), beside 2 µs of converters; and its per-record costs."""
    waits = summary(backends=("python",))
    waits.stages[:] = [s for s in waits.stages if s.stage not in ("chain", "end-to-end", "pass-through")]
    for entry in (stage("chain", "python", 1_000_000, chain_cpu_ns),
                  stage("end-to-end", "python", 1_002_000, chain_cpu_ns + 2_000),
                  stage("pass-through", None, 2_000, 2_000)):
        waits.stages.append(StageResult.from_json(entry))
    measured = costs(1_002, 4, 2)
    del measured["cython"]
    return waits, measured


def test_a_chain_that_waits_saturates_tasks_long_before_it_needs_cores():
    # a blocking lookup: the chain holds the task 1 ms per record and burns 20 µs of CPU; the converters are busy
    waits, measured = waiting(20_000)
    found = decide(waits, measured, {"rates": [1_000, 100_000], "partitions": 12, "tasks": 12})
    python = found["options"][0]
    assert python["us_per_record"] == pytest.approx(1_002) and python["cpu_us_per_record"] == pytest.approx(22)
    low, high = python["at"]
    assert not low["saturated"] and low["cores"] == pytest.approx(1_000 * 22e-6)  # cores from CPU time
    assert high["saturated"] and high["cores"] == pytest.approx(100_000 * 22e-6)  # tasks from wall time
    assert high["max_sustainable_rate"] == pytest.approx(12 / 1_002e-6, rel=1e-3)
    verdict = " ".join(found["verdict"])
    assert ("The chain waits: 1,000.0 µs wall, 20.0 µs CPU per record (python); tasks.max, not cores, limits it: at "
            "100,000 records/s the task's work keeps 100.2 tasks busy but 2.20 cores.") in verdict
    assert "the chain is 91% of the task's CPU time" in verdict  # 20 of 22 µs of CPU; the converters' CPU, not wall
    assert ("Act: at 100,000 records/s interpreted (python) does not keep up: lag grows; in the producer (2.20 cores, "
            "p99 5 µs in the task) keeps up.") in verdict
    lines = console.decision(decide_typed(waits, measured, {"rates": [100_000], "partitions": 12}))
    assert "1,002.00 (cpu 22.00)" in lines and "cores come from CPU time per record" in lines
    busy = decide(summary(), costs(8, 4, 2), {"rates": [1_000], "partitions": 4})  # no CPU measured: no such line
    assert not any("waits" in line for line in busy["verdict"])


def test_reports_are_self_contained():
    s = summary()
    decision = decide_typed(s, costs(8, 4, 2), {"rates": [1_000, 100_000], "partitions": 4, "slo_p99_ms": 5})
    figures = {"latency": plots.latency(decision), "stages": plots.stages(s), "cores": plots.cores(decision)}
    page = report.html_page(s, decision, figures)
    assert page.count("<svg") == 3 and "<script" not in page and "<link" not in page and "src=" not in page
    assert "Verdict" in page and "in ksqlDB" in page
    md = report.markdown(s, decision, figures)
    assert "![latency](latency.svg)" in md and "| 100,000 | compiled (cython) |" in md


def run(*args):
    return subprocess.run([sys.executable, "-m", "bench", *args], capture_output=True, text=True, timeout=120)


def test_project_json_answers_with_the_documented_fields():
    done = run("project", "--us-per-msg", "100", "--us-stdev", "20", "--rates", "100000,500000", "--partitions",
               "12", "--tasks", "12", "--workers", "3", "--json")
    assert done.returncode == 0, done.stderr
    ok, saturated = json.loads(done.stdout)["rates"]
    for row in (ok, saturated):
        assert {"rate", "cores", "active_tasks", "idle_tasks", "max_utilisation", "saturated", "mean_latency_us",
                "p99_latency_us", "lag_growth_per_s", "max_sustainable_rate", "hours_behind_after_1h"} <= set(row)
    assert ok["saturated"] is False and ok["cores"] == pytest.approx(10.0) and ok["p99_latency_us"] > 100
    assert saturated["saturated"] is True and saturated["p99_latency_us"] is None and saturated["mean_latency_us"] is None
    assert saturated["lag_growth_per_s"] == pytest.approx(500_000 - 12 * 10_000, rel=1e-3)


def test_project_takes_cpu_time_apart_from_wall_time():
    # a blocking lookup, what-if: 1 ms wall holds each of 12 tasks (12,000 records/s at most), 20 µs CPU sizes cores
    done = run("project", "--us-per-msg", "1000", "--cpu-us-per-msg", "20", "--rates", "6000,100000",
               "--partitions", "12", "--tasks", "12", "--json")
    assert done.returncode == 0, done.stderr
    light, heavy = json.loads(done.stdout)["rates"]
    assert not light["saturated"] and light["max_utilisation"] == pytest.approx(0.5) and light["cores"] == 0.12
    assert heavy["saturated"] and heavy["cores"] == pytest.approx(2.0) and heavy["max_sustainable_rate"] == 12_000


def test_project_bad_input_is_one_line():
    done = run("project", "--us-per-msg", "0", "--rates", "1", "--partitions", "1", "--tasks", "1")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "must be positive" in done.stderr


def test_simulate_compares_with_the_model():
    done = run("simulate", "--us-per-msg", "10", "--rate", "50000", "--records", "100000", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["simulated"]["mean_us"] == pytest.approx(out["model"]["mean_us"], rel=0.05)


def test_without_a_converter_the_options_are_the_chain_alone():
    # format: none measures no decode, encode or end-to-end: the task's work is the chain (this once crashed the
    # decision after the whole measurement)
    measured = summary()
    measured.stages[:] = [s for s in measured.stages
                          if s.stage not in ("decode", "encode", "pass-through", "end-to-end")]
    decision = decide(measured, costs(5, 2), {"rates": [10_000], "partitions": 4})
    assert [o["name"] for o in decision["options"]] == ["interpreted (python)", "compiled (cython)"]
    assert decision["options"][0]["us_per_record"] == pytest.approx(5.0)
    assert "no converter measured" in decision["options"][0]["connect"]


def test_the_processes_spread_goes_through_the_model_as_a_low_and_a_high_end():
    # python's end-to-end at 8 µs in two processes and 12 µs in the third: at 400,000/s on 4 tasks the median cost
    # runs each task at 80%, the slowest process's at 120%
    spread = summary(backends=("python",))
    e2e = next(s for s in spread.stages if s.stage == "end-to-end")
    spread.stages[spread.stages.index(e2e)] = dataclasses.replace(
        e2e, ns_per_record=dataclasses.replace(e2e.ns_per_record, process_medians=[8_000, 8_000, 12_000]))
    measured = costs(8, 4, 2)
    del measured["cython"]
    decision = decide_typed(spread, measured, {"rates": [400_000], "partitions": 4})
    at = decision.options[0].at[0]
    assert not at["saturated"] and at["range"]["saturated"] == [False, True]
    assert at["range"]["total_cores"] == pytest.approx([3.2, 4.8])
    python = next(row for row in option_rows(decision) if row[1] == "interpreted (python)")
    assert python[3:5] == ["3.20 (3.20-4.80)", "yes, not at the slowest process"]  # cores at the ends, shown
    assert python[6].endswith("-SATURATED)")  # the p99 at the slowest process's cost: none
    producer = next(row for row in option_rows(decision) if row[1] == "in the producer")
    assert "(" not in producer[3]  # its processes agree: one figure
    assert any(line.startswith("Fine as it is: interpreted (python) keeps up") and
               "At the slowest process's cost it does not keep up: little headroom" in line
               for line in decision.verdict)


def test_the_report_says_what_a_lost_worker_does_to_the_option_running_today():
    s = summary()
    decision = decide_typed(s, costs(8, 4, 2), {"rates": [100_000, 1_000_000], "partitions": 12, "tasks": 10,
                                                "workers": 3})
    lost = decision.lost_worker  # 10 tasks on 3 workers: 4/3/3, the busiest lost
    assert (lost["option"], lost["tasks_unassigned"], lost["tasks_left"]) == ("interpreted (python)", 4, 6)
    keeps, falls = lost["rates"]  # 12 partitions on 6 tasks: 2 each, 1/6 of the rate; python 8 µs a record
    assert not keeps["saturated"] and keeps["max_utilisation"] == pytest.approx(100_000 / 6 * 8e-6, rel=0.01)
    assert falls["saturated"] and falls["lag_growth_per_s"] == pytest.approx(1_000_000 - 6 / 8e-6, rel=0.01)
    text = console.decision(decision)
    assert "With 1 of 3 workers lost, 4 of 10 tasks sit UNASSIGNED" in text
    assert "- at 1,000,000/s the 6 tasks left do NOT keep up" in text
    md = report.markdown(s, decision, {})
    assert "## If a worker is lost" in md and "- at 100,000/s the 6 tasks left keep up: the hottest at 13%" in md
    assert decide_typed(s, costs(8, 4, 2), {"rates": [1_000], "partitions": 4}).lost_worker is None  # one worker
    alone = decide_typed(s, costs(8, 4, 2), {"rates": [1_000], "partitions": 4, "tasks": 1, "workers": 2})
    assert alone.lost_worker["tasks_left"] == 0
    assert "every task (1) goes with it: nothing runs" in console.decision(alone)


def test_a_chain_that_waits_is_the_bottleneck_even_where_its_cpu_is_a_small_share():
    # 1 ms wall and 1 µs CPU against 2 µs of converters: a third of the CPU, but its wait holds the task
    waits, measured = waiting(1_000)
    said = " ".join(decide(waits, measured, {"rates": [1_000], "partitions": 12})["verdict"])
    assert "the chain is 33% of the task's CPU time" in said and "The chain waits" in said
    assert "The converters, not the chain, are the bottleneck" not in said


def test_a_saving_that_the_processes_spread_could_undo_is_not_a_change():
    # cython saves 1 core of python's 4 at the median, but python's fastest process and cython's slowest are 2.8 and
    # 3.4 cores at 100,000/s: the change need not pay at all
    spread = summary()
    spread.stages[:] = [s for s in spread.stages if s.stage in ("chain", "transform:a")]  # format none: no converters
    for backend, median, medians in (("python", 40_000, [28_000, 40_000]), ("cython", 30_000, [30_000, 34_000])):
        chain = spread.stage("chain", backend)
        spread.stages[spread.stages.index(chain)] = dataclasses.replace(
            chain, ns_per_record=NsPerRecord(median, median, 0, median, median, medians))
    decision = decide(spread, costs(40, 30), {"rates": [100_000], "partitions": 24})
    fine = next(line for line in decision["verdict"] if line.startswith(("Fine", "Worth")))
    assert fine.startswith("Fine as it is: interpreted (python) keeps up at every rate, with 4.00 cores")
    assert "the cheapest other, compiled (cython), saves 1.00 cores at the median costs and -0.60 at the least" in fine
