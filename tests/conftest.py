"""One test body, every backend: the ``backend`` fixture runs each test on the python and the cython twins."""

from __future__ import annotations

import sys

import pytest

from transforms import _env, build_chain
from transforms.chain import _compiled_error

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session", params=["python", "cython"])
def backend(request) -> str:
    if request.param == "cython":
        if _env.NO_EXTENSIONS:
            pytest.skip("SMTBENCH_NO_EXTENSIONS is set: pure-Python run")
        why = _compiled_error()
        if why is not None:  # never quietly test the Python twin twice
            pytest.fail(f"the Cython twins are missing: {why}")
    return request.param


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
