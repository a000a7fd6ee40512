"""One test body, every backend: the ``backend`` fixture runs each test on every backend in the registry."""

from __future__ import annotations

import os
import sys

import pytest

from transforms import _env, backends, build_chain

pytest_plugins = ["pytester"]


#: The backends that run smtbench's own code (the twins): every behaviour test runs on each. The jvm backend runs
#: Kafka's classes, the judge the twins are compared with (tests/test_jvm_backend.py).
OWN_BACKENDS = [name for name in backends.names() if not backends.REGISTRY[name].kafka]


def backend_or_skip(name: str) -> str:
    """``name`` when this install runs it, else a failure: never quietly test another backend instead. A skip
    only when the user switched it off on purpose (SMTBENCH_NO_EXTENSIONS), or for Kafka's classes on a
    developer's machine without Java or Kafka's jars (CI installs both, so there it fails)."""
    backend = backends.REGISTRY[name]
    why = backend.unavailable()
    if why is not None:
        if backend.compiled and _env.NO_EXTENSIONS:
            pytest.skip(f"{name}: {why}")
        if backend.kafka and not os.environ.get("CI"):
            pytest.skip(f"{name} needs Java and Kafka's jars (pip install -e '.[test,kafka]'): {why}")
        pytest.fail(f"backend {name!r} is missing: {why}")
    return name


@pytest.fixture(scope="session", params=OWN_BACKENDS)
def backend(request) -> str:
    return backend_or_skip(request.param)


@pytest.fixture
def make_chain(backend):
    """``make_chain({...}, {...}, base_dir=...)`` builds a chain of the given configs on the current backend."""

    def make(*configs, base_dir=None):
        return build_chain(list(configs), backend, base_dir=base_dir)

    return make


@pytest.fixture(autouse=True)
def _fail_on_ignored_exceptions(capfd):
    """Cython prints "Exception ignored" and carries on when a function without an exception value raises."""
    yield
    out, err = capfd.readouterr()
    sys.stdout.write(out)
    sys.stderr.write(err)
    if "Exception ignored" in err:
        pytest.fail(f"an exception was swallowed (printed on stderr):\n{err}")


def pytest_terminal_summary(terminalreporter):
    """What the Kafka oracle (tests/oracle.py) compared in this run, per transform and predicate."""
    oracle = sys.modules.get("oracle")
    if oracle is None or not oracle.TALLY:
        return
    terminalreporter.section(f"smtbench ({', '.join(['python', *oracle.OTHERS])}) vs Kafka's own classes")
    for name, tally in sorted(oracle.TALLY.items()):
        left_out = f", {tally['left out']:,} left out (HashMap order)" if tally["left out"] else ""
        left_out += "".join(f", {count:,} {what}" for what, count in tally.items() if what.startswith("records left"))
        terminalreporter.write_line(f"{name}: {tally['cases']:,} cases, {tally['records']:,} records, "
                                    f"{tally['mismatches']:,} mismatches{left_out}")
