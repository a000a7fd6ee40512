"""One test body, every backend: the ``backend`` fixture runs each test on every backend in the registry."""

from __future__ import annotations

import sys

import pytest

from transforms import _env, backends, build_chain

pytest_plugins = ["pytester"]


def backend_or_skip(name: str) -> str:
    """``name`` when this install runs it; a skip only when the user switched it off on purpose
    (SMTBENCH_NO_EXTENSIONS), else a failure: never quietly test another backend instead."""
    backend = backends.REGISTRY[name]
    why = backend.unavailable()
    if why is not None:
        if backend.compiled and _env.NO_EXTENSIONS:
            pytest.skip(f"{name}: {why}")
        pytest.fail(f"backend {name!r} is missing: {why}")
    return name


@pytest.fixture(scope="session", params=backends.names())
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
