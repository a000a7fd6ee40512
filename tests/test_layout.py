"""The layout's rules, checked on the source: transforms/ never imports bench/, no import cycles, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("transforms", "bench")
MAX_LINES = 400
# Cython's imports and cimports: ``from transforms.stage_c cimport Stage``, ``from transforms.record import Record``
_PYX_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+c?import|c?import\s+([\w.]+))", re.M)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix in (".py", ".pyx") and "__pycache__" not in path.parts:
                parts = list(path.relative_to(ROOT).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, anywhere in it (deferred imports too), resolved to module names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    if path.suffix == ".pyx":
        for match in _PYX_IMPORT.finditer(path.read_text(encoding="utf-8")):
            targets.add(match.group(1) or match.group(2))
    else:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:  # `from . import x` imports the module x; `from .m import f`, m
                    targets.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    if path.suffix == ".py" and "iter_modules(__path__)" in path.read_text(encoding="utf-8"):
        targets.update(module for module in MODULES if module.rpartition(".")[0] == name)  # a registry's discovery
    return {target for target in targets if target in MODULES and target != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_modules_were_found():
    assert {"transforms", "transforms.chainspec", "transforms.backends", "bench.cli"} <= set(MODULES)


def test_transforms_never_imports_bench():
    offenders = {name: sorted(t for t in targets if t.split(".")[0] == "bench")
                 for name, targets in GRAPH.items() if name.split(".")[0] == "transforms"}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_import_cycles():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name):
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


SOURCES = sorted(list(MODULES.values()) + [p for package in PACKAGES for p in (ROOT / package).rglob("*.java")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_modules_stay_small(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by what it holds"
