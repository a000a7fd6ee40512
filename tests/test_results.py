"""Typed results (bench/results/results.py): summarize() from measured rounds, the accessors every reader uses, and
summary.json written from them, read back and written again unchanged."""

import json

import numpy as np
import pytest

from bench.capacity.decision import decide
from bench.measure.harness import Measurement
from bench.measure.workload import Workload
from bench.output import console
from bench.output.tables import stage_table
from bench.results.results import Results
from bench.results.summarize import summarize

STAGES = [("reference", None, 1000, "t/reference/stdlib"), ("decode", None, 900, "t/json/decode"),
          ("transform:a", "python", 1200, "t/python/transform:a"),
          ("transform:a", "cython", 500, "t/cython/transform:a"),
          ("chain", "python", 1300, "t/python/chain"), ("chain", "cython", 550, "t/cython/chain"),
          ("encode", None, 300, "t/json/encode"), ("pass-through", None, 1250, "t/json/pass-through"),
          ("end-to-end", "python", 2600, "t/python/end-to-end"), ("end-to-end", "cython", 1800, "t/cython/end-to-end")]


def measured(backends=("python", "cython"), processes=3, rounds=3):
    rng = np.random.default_rng(1)
    stages = [s for s in STAGES if s[1] in (None, *backends)]
    cells = {name: {"stage": stage, "backend": backend, "records": 100} for stage, backend, _ns, name in stages}
    runs = [{"values": [{name: ns * 1e-9 * rng.uniform(0.95, 1.05) for _s, _b, ns, name in stages}
                        for _ in range(rounds)], "warmups": [], "metadata": {}} for _ in range(processes)]
    workload = Workload(name="t", topic="t", format="json", configs=[], predicates=[], base_dir=".",
                        backends=list(backends),
                        wire=[(b"{}", 0, i, 0) for i in range(100)], count=120, stages=[("a", "ReplaceField$Value")],
                        record_counts=[100, 90], warnings=["w"], messages_digest="d")
    return Measurement(cells=cells, processes=runs), workload


def results(backends=("python", "cython")):
    measurement, workload = measured(backends)
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
                               "records_per_pass": 100}
    assert doc["transforms"] == [{"alias": "a", "type": "ReplaceField$Value", "records_in": 100, "records_out": 90,
                                  "dropped": 10, "skipped": 0}]
    stage = doc["stages"][2]
    assert list(stage) == ["name", "stage", "backend", "records", "ns_per_record", "share_of_chain",
                           "relative_to_reference"]
    assert list(stage["ns_per_record"]) == ["median", "mean", "stdev", "min", "max", "process_medians"]
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
