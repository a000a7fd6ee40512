"""How exactly the JVM harness measures a transform of known cost: Kafka's classes plus a Java transform that
busy-waits a set time per record (probes/BusyWait.java), timed by bench/measure/jvm/ as a run times a chain.

    python benchmarks/jvm_harness_accuracy.py [--us 2,20] [--records 2000]

For each set time it prints the same probe timed by itself (BusyWait.main: a bare loop, no harness, in a JVM with
the same settings), the harness's ns/record for the probe's stage, and the harness's error against both. The
probe overshoots its set time by up to one spin step (a nanoTime call and a pause instruction), so "vs alone" is
the harness's own error. Needs a JDK and the kafka extra.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench.input import chainfile
from bench.measure.jvm import forks
from bench.measure.prepare import prepare
from transforms.jvm.classpath import find_java, find_kafka

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "orders.yaml"


def probe_jar(workdir: Path, java) -> Path:
    """probes/BusyWait.java compiled against Kafka's jars, as a jar on the harness's classpath."""
    classes = workdir / "classes"
    classes.mkdir()
    kafka = find_kafka()
    subprocess.run([java.javac, "-nowarn", "-cp", kafka.classpath, "-d", str(classes),
                    str(HERE / "probes" / "BusyWait.java")], check=True, capture_output=True)
    jar = workdir / "plugins" / "busywait.jar"
    jar.parent.mkdir()
    subprocess.run([str(Path(java.javac).with_name("jar")), "cf", str(jar), "-C", str(classes), "."], check=True)
    return jar


def timed_alone(java, jar: Path, us: float, records: int) -> float:
    """ns per record of the probe in a bare loop of its own (BusyWait.main), in a JVM with the same settings."""
    classpath = os.pathsep.join([str(jar), find_kafka().classpath])
    done = subprocess.run([java.java, *forks.JVM_OPTIONS, "-cp", classpath, "probes.BusyWait", str(us), str(records)],
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--us", default="2,20", help="set times per record, µs, comma-separated")
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--forks", type=int, default=3)
    args = parser.parse_args()
    java = find_java()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        jar = probe_jar(workdir, java)
        workload = prepare(chainfile.load(EXAMPLE), ["python"], records=args.records)
        workload.jvm_paths = {"plugin_path": [str(jar.parent)]}  # as a worker's plugin.path holds SMT jars
        mode = forks.JvmMode(forks=args.forks, rounds=5, warmup_s=5.0, max_warmup_s=15.0)
        print(f"{'set':>9} {'alone':>8} {'harness':>8} {'vs alone':>9} {'vs set':>8}   harness per fork (ns/record)")
        for us in (float(part) for part in args.us.split(",")):
            workload.jvm_chain = {"stages": [{"alias": "busy", "class": "probes.BusyWait", "predicate": None,
                                              "negate": False, "settings": {"us": str(us)}}], "predicates": []}
            run_dir = workdir / f"us-{us}"
            run_dir.mkdir()
            measured = forks.measure(workload, mode, run_dir)
            name = f"{workload.name}/jvm/transform:busy"
            per_fork = [statistics.median(r[name] for r in p["values"]) * 1e9 for p in measured["processes"]]
            median = statistics.median(per_fork)
            alone = timed_alone(java, jar, us, args.records)
            print(f"{us * 1000:>6,.0f} ns {alone:>8,.0f} {median:>8,.0f} {median / alone - 1:>+9.2%} "
                  f"{median / (us * 1000) - 1:>+8.2%}   " + ", ".join(f"{v:,.0f}" for v in per_fork))
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
