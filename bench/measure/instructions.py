"""Instructions per record under callgrind: numbers that are the same to the last instruction from run to run,
whatever else the machine is doing, so a CI gate on them does not flap.

One valgrind process measures every cell: ``valgrind --tool=callgrind --instr-atstart=no`` runs the base
interpreter without site (``python -S -m bench.measure.instructions``) with ``PYTHONHASHSEED=0``,
``PYTHONMALLOC=malloc``, address-space randomisation off (``setarch -R``) and explicit cache sizes. The worker
runs each pass ten times first (3.11 specialises bytecode as it runs; malloc's free lists settle), collects
garbage, then counts exactly one pass per cell between callgrind's client requests (bench/measure/_callgrind.pyx).

The worker sees the same paths whatever the install: a fixed folder holds the packages it imports (this install's
transforms and bench, and what it uses of its site-packages; extension modules hard-linked) and a link to the
chain's folder. CPython keys its method cache by the addresses of names, and a path string of another length
(another venv, clone or chain folder) shifts the heap and with it which lookups collide: without this, two fresh
installs of one commit differed by up to 3.5% (benchmarks/gate_proof.py --gates cross-build measures it).
"""

from __future__ import annotations

import fcntl
import gc
import os
import pickle
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from ..errors import BenchError
from .cells import Cells
from .workload import Workload

RECORDS = 1000  # per pass: counts are exact, so a thousand distinct records say as much as ten thousand
# Passes before the counted one: enough for the allocator's free lists to settle into the loop's own pattern.
# With 2, a change to an unrelated module moved some counts 1-2% (the heap remembers the import history);
# with 10, at most 0.2%.
WARMUPS = 10
VALGRIND_ARGS = ("--tool=callgrind", "--instr-atstart=no", "--I1=32768,8,64", "--D1=32768,8,64",
                 "--LL=8388608,16,64")
ENVIRONMENT = {"PYTHONHASHSEED": "0", "PYTHONMALLOC": "malloc"}
_TRIGGER = re.compile(r"^desc: Trigger: Client Request: (.+)$", re.M)
_TOTALS = re.compile(r"^totals: (\d+)", re.M)


def check_available() -> None:
    """One clear line (exit 2) when instruction counting cannot run here."""
    if shutil.which("valgrind") is None:
        raise BenchError("valgrind is not installed: install the Debian package 'valgrind' "
                         "(apt-get install valgrind), then run again")
    try:
        import bench.measure._callgrind  # noqa: F401
    except ImportError:
        raise BenchError("the callgrind helper was not built (no valgrind/callgrind.h when smtbench was "
                         "installed): apt-get install valgrind, then reinstall (pip install -e .)") from None


def _worker_environment(home: Path) -> dict:
    # Whatever shapes the worker's heap shapes the instructions malloc spends in a measured loop, so it is the
    # same every time: a few fixed variables (the environment and argv sit on the stack; pyperf scrubs its
    # workers' too), the canonical import path, and bytecode loaded from a fresh cache the same run filled (not
    # compiled on one run and read from __pycache__ on the next).
    env = {key: os.environ[key] for key in ("SMTBENCH_NO_EXTENSIONS",) if key in os.environ}
    env.update(ENVIRONMENT, PATH="/usr/local/bin:/usr/bin:/bin", LANG="C.UTF-8", PYTHONPATH=str(home / "site"),
               PYTHONPYCACHEPREFIX=str(home / "pycache"))
    return env


def _place(source: Path, destination: Path) -> None:
    """``source`` (a package folder or a module file) at ``destination``: folders made anew, extension modules
    hard-linked (copied across file systems), other files as symbolic links. An extension module must not be a
    symbolic link: valgrind reads a loaded library by its real path, and that path's length then moved the
    converters' counts (orjson's) by up to 0.6% between two installs; copying every file instead made the
    reference workload drift by up to 0.9% from run to run."""
    def place(src, dst):
        if not src.endswith(".so"):
            os.symlink(src, dst)
            return
        try:
            os.link(src, dst)
        except OSError:  # another file system
            shutil.copy2(src, dst)
    if source.is_dir():
        shutil.copytree(source, destination, copy_function=place, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        place(str(source), destination)


def _canonical(workload: Workload, home: Path) -> Workload:
    """The worker's view: under ``home``, the packages it imports (the ones this process, which prepared the
    workload, imported: the same for every install of the same versions, whatever else a venv holds) and a link
    to the chain's folder; and the workload without the paths and words it does not need (they would sit in its
    heap)."""
    site = home / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    import bench
    import transforms

    links = {"transforms": Path(transforms.__file__).parent, "bench": Path(bench.__file__).parent}
    for name, module in sorted(sys.modules.items()):  # what this process imported from site-packages (orjson...)
        where = getattr(module, "__file__", None) or ""
        if "." not in name and name not in links and "site-packages" in where:
            path = Path(where)
            links[path.parent.name if path.stem == "__init__" else path.name] = \
                path.parent if path.stem == "__init__" else path
    for name, target in sorted(links.items()):
        _place(target, site / name)
    chain = home / "chain"
    chain.unlink(missing_ok=True)
    chain.symlink_to(Path(workload.base_dir).resolve())
    return replace(workload, base_dir=str(chain), warnings=[], described="", jvm_paths={}, jvm_chain={},
                   kafka_backends=[])


def measure(workload: Workload, workdir: Path) -> tuple[dict, dict]:
    """Instructions per record for every cell, from one valgrind run: ({cell: {...}}, {"native_s",
    "valgrind_s"}), the wall time of the same worker without and under valgrind."""
    check_available()
    out = workdir / "callgrind.out"
    # The worker starts as `-m bench.measure.instructions`, importing only what it measures: CPython's method
    # cache is keyed by the addresses of names, so every module imported before shifts what a lookup costs. The
    # workload comes on stdin, so the worker's argv is the same every time.
    # The base interpreter, not a venv's, without site: sys.path, sys.prefix and argv are the same for every
    # install on this machine (the packages come through the links _canonical makes).
    worker_command = [getattr(sys, "_base_executable", sys.executable), "-S", "-m", "bench.measure.instructions"]
    command = ["valgrind", *VALGRIND_ARGS, f"--callgrind-out-file={out}", *worker_command]
    if shutil.which("setarch"):
        command = ["setarch", platform.machine(), "-R", *command]
    # The worker's cwd and bytecode cache are one fixed folder, never a fresh temporary name: with the hash seed
    # fixed, a path's characters still decide where its strings land in the interpreter's dicts, and so which
    # lookups collide (a random temporary name moved the stdlib reference by 1.2%). A lock keeps two gates apart.
    home = Path(tempfile.gettempdir()) / f"smtbench-instructions-{os.getuid()}"
    home.mkdir(mode=0o700, exist_ok=True)
    env = _worker_environment(home)
    with open(home / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        payload = pickle.dumps(_canonical(workload, home), protocol=pickle.HIGHEST_PROTOCOL)
        # A native run of the same worker first: it compiles every module it imports into the cache.
        start = time.perf_counter()
        subprocess.run(worker_command, input=payload, capture_output=True, env=env, cwd=home, check=False)
        native = time.perf_counter() - start
        done = subprocess.run(command, input=payload, capture_output=True, env=env, cwd=home)
    timing = {"native_s": round(native, 2), "valgrind_s": round(time.perf_counter() - start - native, 2)}
    done.stdout, done.stderr = done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")
    if done.returncode != 0:  # the worker's own last lines, not valgrind's "==pid==" summary
        ours = [line for line in done.stderr.strip().splitlines() if not re.match(r"==\d+==", line)]
        tail = "\n".join(ours[-5:])
        raise BenchError(f"the instruction-count run failed (exit {done.returncode}):\n{tail}")
    cells = {c["name"]: c for c in _worker_cells(done.stdout)}
    counts = {}
    for dump in sorted(workdir.glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:])):
        text = dump.read_text(encoding="utf-8", errors="replace")
        name, totals = _TRIGGER.search(text), _TOTALS.search(text)
        if name and totals and name.group(1) in cells:
            cell = cells[name.group(1)]
            counts[name.group(1)] = {"stage": cell["stage"], "backend": cell["backend"], "records": cell["records"],
                                     "instructions": int(totals.group(1)),
                                     "per_record": int(totals.group(1)) / cell["records"]}
    missing = set(cells) - set(counts)
    if missing:
        raise BenchError(f"callgrind reported nothing for {', '.join(sorted(missing))}")
    return counts, timing


def _worker_cells(stdout: str) -> list[dict]:
    import json

    for line in stdout.splitlines():
        if line.startswith("smtbench-cells "):
            return json.loads(line[len("smtbench-cells "):])
    raise BenchError("the instruction-count worker did not report its cells")


def worker() -> int:
    """Inside valgrind: warm every cell up, then count one pass of each, alone."""
    import json

    from . import _callgrind

    cells = Cells(pickle.loads(sys.stdin.buffer.read())).cells
    for cell in cells:
        for _ in range(WARMUPS):
            cell.loop()
    for cell in cells:
        gc.collect()  # every count starts from the same collector state
        _callgrind.count(cell.name, cell.loop)
    print("smtbench-cells " + json.dumps([{"name": c.name, "stage": c.stage, "backend": c.backend,
                                           "records": c.records} for c in cells]))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(worker())
