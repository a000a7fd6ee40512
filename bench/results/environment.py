"""What a run's figures depend on besides our code: the one environment fingerprint, in the two views kept.

summary.json says where a run was measured; a baseline (and instructions.json) holds what decides whether two
runs compare (results/baselines.py checks it). ``cython`` differs between them: the Cython package installed at run
time in summary.json (usually none: it is a build-time requirement), the Cython that compiled the twins in a
baseline.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata as importlib_metadata
from pathlib import Path


def summary_environment() -> dict:
    """summary.json's ``environment``."""
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "machine": platform.machine(), "platform": platform.platform(), "smtbench": package_version("smtbench"),
            "cython": package_version("Cython"), "pyperf": package_version("pyperf")}


def baseline_environment() -> dict:
    """A baseline's and instructions.json's ``environment``: what instruction counts and times depend on."""
    return {"python": platform.python_version(), "implementation": platform.python_implementation(),
            "cython": built_with_cython(), "machine": platform.machine(), "libc": "-".join(platform.libc_ver()),
            "valgrind": valgrind_version(),
            "converters": {name: package_version(name) for name in ("orjson", "fastavro")}, "cpu": cpu_model()}


def package_version(package: str) -> str | None:
    try:
        return importlib_metadata.version(package)
    except importlib_metadata.PackageNotFoundError:
        return None


def built_with_cython() -> str | None:
    """The Cython version that compiled the twins; None for a pure-Python build."""
    try:
        from transforms.stage_c import BUILT_WITH_CYTHON
    except ImportError:
        return None
    return BUILT_WITH_CYTHON


def valgrind_version() -> str | None:
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--version"], capture_output=True, text=True)
    return done.stdout.strip() or None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
