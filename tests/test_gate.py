"""The regression gates (bench/results/gate.py, baselines.py): rules on made-up figures, then the instruction gate end
to end."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.errors import BenchError
from bench.output import console
from bench.results import baselines, gate

ROOT = Path(__file__).resolve().parent.parent
ENV = {"python": "3.11.7", "implementation": "CPython", "cython": "3.3.1", "machine": "x86_64", "libc": "glibc-2.36",
       "cpu": "AMD EPYC", "converters": {"orjson": "3.13.0", "fastavro": "1.13.1"}}


def cell(per_record, stage="chain", backend="python"):
    return {"stage": stage, "backend": backend, "records": 100, "instructions": per_record * 100,
            "per_record": per_record}


def baseline(benchmarks, env=ENV, messages="m1"):
    return baselines.make_baseline("instructions", "t", benchmarks, dict(env), messages)


def flat(pct):
    return lambda name: pct


def test_a_two_percent_increase_is_caught_and_improvements_pass():
    before = baseline({"t/python/chain": cell(1000), "t/cython/chain": cell(500, backend="cython")})
    found = gate.compare_instructions(before, {"t/python/chain": cell(1020), "t/cython/chain": cell(400)}, ENV,
                                      flat(1.0))
    verdicts = {f.name: f.verdict for f in found}
    assert verdicts == {"t/python/chain": "regression", "t/cython/chain": "improvement"}
    text = console.gate(found, "instructions/record")
    assert "REGRESSION: t/python/chain: 1,000.0 -> 1,020.0 instructions/record (+2.00%, budget 1%)" in text
    assert text.endswith("gate FAILED: 1 regression(s) in 2 benchmarks (instructions/record)")
    rows = [line.split() for line in text.splitlines()[3:5]]  # the table: every benchmark, regressions last
    assert rows == [["t/cython/chain", "500", "400", "-20.00%", "1%", "improvement"],
                    ["t/python/chain", "1,000", "1,020", "+2.00%", "1%", "REGRESSION"]]
    doc = gate.to_json(found, "instructions/record")
    assert not doc["passed"] and doc["regressions"] == 1 and [b["verdict"] for b in doc["benchmarks"]] == \
        ["improvement", "regression"] and doc["benchmarks"][1]["change"] == pytest.approx(0.02)


def test_an_unchanged_tree_passes():
    before = baseline({"t/python/chain": cell(1000)})
    found = gate.compare_instructions(before, {"t/python/chain": cell(1000)}, ENV, flat(1.0))
    assert [f.verdict for f in found] == ["ok"]
    assert console.gate(found, "x").endswith("gate passed: 0 regression(s) in 1 benchmarks (x)")


def test_converter_stages_are_skipped_when_their_libraries_changed():
    before = baseline({"t/json/decode": cell(1000, "decode", None), "t/python/chain": cell(10)})
    env = dict(ENV, converters={"orjson": "3.14.0", "fastavro": "1.13.1"})
    found = {f.name: f for f in gate.compare_instructions(before, {"t/json/decode": cell(2000, "decode", None),
                                                                   "t/python/chain": cell(10)}, env, flat(1.0))}
    assert found["t/json/decode"].verdict == "skipped" and "orjson" in found["t/json/decode"].note
    assert found["t/python/chain"].verdict == "ok"


@pytest.mark.parametrize("key, value, expected", [
    ("python", "3.12.1", "python 3.11.7 -> 3.12.1"), ("cython", "3.4.0", "cython 3.3.1 -> 3.4.0"),
    ("machine", "aarch64", "machine x86_64 -> aarch64"),
])
def test_an_incomparable_baseline_says_what_differs(key, value, expected):
    with pytest.raises(BenchError, match=f"another environment \\({expected}\\)"):
        baselines.check_compatible(baseline({}), dict(ENV, **{key: value}), "m1", Path("b.json"))


def test_other_messages_are_incomparable():
    with pytest.raises(BenchError, match="measured other messages"):
        baselines.check_compatible(baseline({}), ENV, "m2", Path("b.json"))


def test_bad_baseline_files(tmp_path):
    with pytest.raises(BenchError, match="no such baseline; create it with --update-baseline"):
        baselines.load_baseline(tmp_path / "none.json", "instructions")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(BenchError, match="not an smtbench baseline"):
        baselines.load_baseline(tmp_path / "x.json", "instructions")
    (tmp_path / "t.json").write_text(json.dumps(dict(baseline({}), mode="time")))
    with pytest.raises(BenchError, match="holds time figures, not instructions"):
        baselines.load_baseline(tmp_path / "t.json", "instructions")


def test_time_gate_needs_significance_and_size():
    before = {"a": [1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.01, 0.99]}
    slower = {"a": [1.20, 1.21, 1.19, 1.22, 1.18, 1.20, 1.21, 1.19]}
    slightly = {"a": [1.03, 1.04, 1.02, 1.05, 1.01, 1.03, 1.04, 1.02]}  # significant, but within a 10% budget
    noisy = {"a": [0.8, 1.3, 0.9, 1.4, 1.0, 1.2, 0.7, 1.5]}  # higher median, not significant
    assert gate.compare_samples(before, slower, flat(10))[0].verdict == "regression"
    assert gate.compare_samples(before, slightly, flat(10))[0].verdict == "ok"
    assert gate.compare_samples(before, noisy, flat(10))[0].verdict == "ok"
    assert gate.compare_samples(slower, before, flat(10))[0].verdict == "improvement"


def test_a_time_comparison_that_cannot_fail_is_refused(tmp_path, capfd):
    """Two processes a side: the one-sided test's smallest p is 1/6, so even a 3x slowdown would pass."""
    from bench.cli import main

    assert gate.smallest_p(2, 2) == pytest.approx(1 / 6) and gate.smallest_p(5, 5) < gate.ALPHA
    with pytest.raises(BenchError, match=r"2 process\(es\) before against 2 after cannot find a regression.*at "
                                         r"least 5 processes on each side"):
        gate.check_power(2, 2)
    gate.check_power(5, 5)

    def summary(values):
        return {"stages": [{"name": "t/python/chain", "stage": "chain",
                            "relative_to_reference": {"process_values": values}}]}
    (tmp_path / "a.json").write_text(json.dumps(summary([1.0, 1.01])))
    (tmp_path / "b.json").write_text(json.dumps(summary([3.0, 3.03])))
    assert main(["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 2
    assert "cannot find a regression" in capfd.readouterr().err


def test_a_quick_time_gate_against_a_quick_baseline_is_refused_before_measuring(tmp_path, capfd):
    from bench.cli import main

    shutil.copy(ROOT / "examples" / "order.avsc", tmp_path)
    (tmp_path / "chain.yaml").write_text("name: t\nmessages: {schema: order.avsc, count: 50}\ntransforms:\n"
                                         "  - {type: ReplaceField$Value, renames: 'order_id:orderId'}\n")
    stored = {"t/python/chain": {"stage": "chain", "backend": "python", "relative": [1.0, 1.01]}}
    (tmp_path / "base.json").write_text(json.dumps(baselines.make_baseline("time", "t", stored, {}, "m")))
    assert main(["gate", str(tmp_path / "chain.yaml"), "--mode", "time", "--quick", "--baseline",
                 str(tmp_path / "base.json")]) == 2
    captured = capfd.readouterr()
    assert "2 process(es) before against 2 after cannot find a regression" in captured.err
    assert "measuring" not in captured.err  # refused before any measuring


@pytest.mark.parametrize("before, after", [(5, 5), (13, 2), (2, 13), (16, 16)])
def test_every_comparison_the_time_gate_accepts_catches_a_3x_slowdown(before, after):
    gate.check_power(before, after)  # accepted
    old = {"a": [1.0 + 0.01 * i for i in range(before)]}
    new = {"a": [3.0 + 0.01 * i for i in range(after)]}
    assert gate.compare_samples(old, new, flat(10))[0].verdict == "regression"


def test_compare_two_saved_runs(tmp_path, capfd):
    from bench.cli import main

    def summary(values):
        return {"stages": [{"name": "t/python/chain", "stage": "chain",
                            "relative_to_reference": {"process_values": values}}]}
    (tmp_path / "a.json").write_text(json.dumps(summary([1.0, 1.01, 0.99, 1.0, 1.02, 0.98])))
    (tmp_path / "b.json").write_text(json.dumps(summary([1.3, 1.31, 1.29, 1.3, 1.32, 1.28])))
    assert main(["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--max-regression", "5"]) == 1
    assert "REGRESSION: t/python/chain" in capfd.readouterr().out
    assert main(["compare", str(tmp_path / "a.json"), str(tmp_path / "a.json")]) == 0
    capfd.readouterr()
    assert main(["compare", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "--json"]) == 1
    assert json.loads(capfd.readouterr().out)["benchmarks"][0]["verdict"] == "regression"
    (tmp_path / "c.json").write_text("[]")
    assert main(["compare", str(tmp_path / "a.json"), str(tmp_path / "c.json")]) == 2
    assert "not a summary.json" in capfd.readouterr().err


def _callgrind_ready() -> bool:
    try:
        import bench.measure._callgrind  # noqa: F401
    except ImportError:
        return False
    return shutil.which("valgrind") is not None


@pytest.mark.skipif(not _callgrind_ready(), reason="needs valgrind and the callgrind helper (.ci/run installs both)")
def test_the_instruction_gate_end_to_end(tmp_path):
    shutil.copy(ROOT / "examples" / "order.avsc", tmp_path)
    shutil.copy(ROOT / "benchmarks" / "probes" / "busy.py", tmp_path)
    chain = tmp_path / "chain.yaml"

    def write(units):
        chain.write_text("name: t\nmessages: {schema: order.avsc, count: 200}\nbackends: [python]\ntransforms:\n"
                         "  - {alias: rename, type: ReplaceField$Value, renames: 'order_id:orderId'}\n"
                         f"  - {{alias: work, type: 'busy:Work', units: {units}}}\n", encoding="utf-8")

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "bench", "gate", str(chain), "--baseline",
                               str(tmp_path / "base.json"), *extra], capture_output=True, text=True, timeout=300)

    write(1000)
    assert run("--update-baseline").returncode == 0
    unchanged = run()
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "gate passed" in unchanged.stdout and "REGRESSION" not in unchanged.stdout
    write(1020)  # 2% more work in one transform
    slower = run()
    assert slower.returncode == 1, slower.stdout + slower.stderr
    assert "REGRESSION: t/python/transform:work" in slower.stdout


def test_budgets_from_flag_chain_file_and_default():
    from types import SimpleNamespace

    chain = SimpleNamespace(gate={"max_regression_pct": 3, "benchmarks": {"t/python/chain": 7}})
    assert gate.budgets(chain, None, "instructions")("t/python/chain") == 7
    assert gate.budgets(chain, None, "instructions")("t/cython/chain") == 3
    assert gate.budgets(chain, 0.5, "instructions")("t/python/chain") == 0.5
    assert gate.budgets(SimpleNamespace(gate={}), None, "time")("x") == gate.DEFAULT_BUDGET["time"]
