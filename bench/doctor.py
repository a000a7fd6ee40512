"""``python -m bench doctor``: what this install can measure, and where what it needs was found (or how to get it):
the backends, Java, and Kafka's own classes (its transforms, predicates and converters) with the jar of each."""

from __future__ import annotations

import os
import platform

from transforms.jvm.classpath import NotFound, find_java, find_kafka
from transforms.registry import KAFKA_BUILTINS

from . import chains
from .results.environment import built_with_cython, package_version


def examine(classpath: list[str] = (), plugin_path: list[str] = ()) -> dict:
    """Everything the doctor reports, as plain data (``--json`` prints it as it is)."""
    found: dict = {
        "smtbench": package_version("smtbench"), "python": platform.python_version(),
        "implementation": platform.python_implementation(), "machine": platform.machine(),
        "backends": {name: chains.get(name).unavailable() or "available" for name in chains.names()},
    }
    try:
        java = find_java()
        found["java"] = {"version": java.version, "java": java.java, "javac": java.javac}
    except NotFound as exc:
        found["java"] = {"missing": str(exc)}
    try:
        kafka = find_kafka(classpath, plugin_path)
    except NotFound as exc:
        found["kafka"] = {"missing": str(exc)}
    else:
        found["kafka"] = {"version": kafka.version, "source": kafka.source, "jars": len(kafka.jars),
                          **kafka.inventory(KAFKA_BUILTINS)}
    return found


def split_paths(values: list[str] | None) -> list[str]:
    """``--classpath a.jar:libs/ --classpath more/``: every entry, split on the path separator."""
    return [part for value in values or () for part in value.split(os.pathsep) if part]


def version() -> str:
    """smtbench's version, Python's, and the Cython that built the compiled twins (which sets their instruction
    counts), as ``--version`` prints them."""
    cython = built_with_cython()
    built = f"twins built with Cython {cython}" if cython else "pure Python: the Cython twins are not built"
    return f"smtbench {package_version('smtbench') or '(not installed)'} (Python {platform.python_version()}; {built})"
