"""Every bad input is refused before anything is measured, in one line with exit code 2 and within seconds; Ctrl-C
is one line and exit code 130, with nothing half-written and no process left behind."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from test_cli import ROOT, chain_file

QUICKLY = 5  # seconds: every refusal comes well before any measuring would
RENAME = '- {alias: rename, type: ReplaceField$Value, renames: "order_id:orderId"}\n'


def bench(*args, cwd, limit=QUICKLY):
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "bench", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=limit, env={**os.environ, "PYTHONPATH": path})


def refused(done, *parts):
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert all(part in lines[0] for part in parts), lines[0]
    return lines[0]


@pytest.mark.parametrize("setting, said", [
    ("rates: [-100]", "projection.rates must be"),
    ("rates: [.nan]", "projection.rates must be"),
    ("tasks: 0", "projection.tasks must be a whole number from 1"),
    ("partitions: 1000000", "projection.partitions must be"),
    ("workers: 0", "projection.workers must be"),
    ("cores_per_worker: 0", "projection.cores_per_worker must be"),
    ("slo_p99_ms: 0", "projection.slo_p99_ms must be a positive number"),
    ("utilisation_ceiling: 1.5", "projection.utilisation_ceiling must be a fraction"),
    ("put_ms: -1", "projection.put_ms must be"),
    ("fetch_min_bytes: 0", "projection.fetch_min_bytes must be"),
    ("fetch_max_wait_ms: .inf", "projection.fetch_max_wait_ms must be"),
    ("max_poll_records: 0", "projection.max_poll_records must be"),
    ("producer_burst: 100000", "projection.producer_burst must be"),
    ("ksqldb_us_per_record: 0", "projection.ksqldb_us_per_record must be"),
    ("skew: [1, -1]", "projection.skew must be"),
    ("skew: [1, 2]", "projection.skew has 2 weights for 12 partitions"),
])
def test_a_projection_value_out_of_range_is_refused_with_its_line(tmp_path, setting, said):
    path = chain_file(tmp_path, RENAME, extra=f"projection:\n  {setting}\n")
    refused(bench(path, "--quick", "--out", tmp_path / "run", cwd=tmp_path), f"{path.name}:8:", said)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("flags, said", [
    (["--rates", "-100"], "--rates"), (["--rates", "nan"], "--rates"), (["--rates", "1e13"], "--rates"),
    (["--rates", "100", "--tasks", "0"], "--tasks"), (["--rates", "100", "--burst", "5000"], "--burst"),
    (["--rates", "100", "--utilisation-ceiling", "2"], "--utilisation-ceiling"),
    (["--rates", "100", "--us-stdev", "inf"], "--us-stdev"), (["--rates", "100", "--skew", "1,2"], "skew"),
])
def test_project_flags_out_of_range_are_one_line(tmp_path, flags, said):
    refused(bench("project", "--us-per-msg", "10", "--partitions", "4", "--tasks", "4", *flags, cwd=tmp_path), said)


def test_the_model_refuses_a_negative_rate_instead_of_looping():
    from bench.capacity.model import Deployment, Service, project

    with pytest.raises(ValueError, match="rate"):
        project(Service.from_mean(1e-5), -100, Deployment(partitions=4, tasks=4))
    with pytest.raises(ValueError):
        Deployment(partitions=4, tasks=4, utilisation_ceiling=float("nan"))


def test_simulate_records_are_bounded(tmp_path):
    refused(bench("simulate", "--us-per-msg", "10", "--rate", "1000", "--records", "100000000", cwd=tmp_path),
            "--records")


@pytest.mark.parametrize("where, said", [("file", "is a file, not a folder"), ("file/run", "is a file, so"),
                                         ("/proc/run", "cannot write in /proc")])
def test_out_problems_are_caught_before_measuring(tmp_path, where, said):
    (tmp_path / "file").write_text("mine")
    path = chain_file(tmp_path, RENAME)
    refused(bench(path, "--quick", "--out", where, cwd=tmp_path), "--out", said)
    assert (tmp_path / "file").read_text() == "mine"


def test_update_baseline_into_a_folder_is_refused_first(tmp_path):
    path = chain_file(tmp_path, RENAME)
    refused(bench("gate", path, "--mode", "time", "--quick", "--baseline", tmp_path, "--update-baseline",
                  cwd=tmp_path), "--baseline", "is a folder")


def test_a_count_that_cannot_fit_in_memory_is_refused_before_generating(tmp_path):
    path = chain_file(tmp_path, RENAME, messages="schema: order.avsc\n  count: 100000000000")
    refused(bench(path, "--quick", "--out", tmp_path / "run", cwd=tmp_path), f"{path.name}:4:",
            "messages.count 100,000,000,000 would take about", "give at most")


def test_a_regex_that_backtracks_stops_the_check_naming_stage_and_record(tmp_path, backend):
    sample = tmp_path / "slow.jsonl"
    sample.write_text("".join(json.dumps({"f": "a" * n + "b"}) + "\n" for n in (3, 3, 31, 3)))
    path = chain_file(tmp_path, '- {alias: mask, type: RegexReplace$Value, field: f, pattern: "(a+)+$", '
                                'replacement: x}\n', messages=f"sample: {sample.name}",
                      extra=f"backends: [{backend}]\n")
    line = refused(bench(path, "--quick", "--record-time-limit", "0.5", "--out", tmp_path / "run", cwd=tmp_path),
                   f"{path.name}:5:", "'mask'", "took over 0.5 s on one record", "slow.jsonl:3")
    assert "--record-time-limit" in line


def test_version_names_smtbench_python_and_cython(tmp_path):
    done = bench("--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("smtbench ") and "Python 3." in done.stdout
    assert "Cython" in done.stdout or "cython" in done.stdout


def _session_processes(sid: int) -> list[str]:
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[3] == str(sid) and fields[0] != "Z":
            left.append(pid)
    return left


@pytest.mark.parametrize("command", [["CHAIN", "--out", "run"],
                                     ["gate", "CHAIN", "--mode", "time", "--baseline", "b.json", "--update-baseline"],
                                     ["project", "--us-per-msg", "10", "--rates", "1000", "--partitions", "1000",
                                      "--tasks", "1000", "--skew", ",".join(map(str, range(1, 1001)))]])
def test_ctrl_c_is_one_line_exit_130_nothing_written_nothing_left(tmp_path, command):
    path = chain_file(tmp_path, RENAME, extra="backends: [python]\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    args = [str(path) if part == "CHAIN" else part for part in command]
    process = subprocess.Popen([sys.executable, "-m", "bench", *args], cwd=tmp_path, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    if command[0] == "project":  # a skew over 1,000 partitions: a thousand queues to solve, 20 s of work
        time.sleep(1.5)
    else:  # into the measuring: pyperf's workers are running
        seen = ""
        while "process 1/" not in seen:
            line = process.stderr.readline()
            assert line, seen
            seen += line
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _out, err = process.communicate(timeout=QUICKLY)
    assert process.returncode == 130 and err.strip().splitlines()[-1] == "interrupted", err
    assert not (tmp_path / "run").exists() and not (tmp_path / "b.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert _session_processes(process.pid) == []
