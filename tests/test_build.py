"""The Cython twins really are compiled (unless the user asked for pure Python), and the build mode is honest."""

import importlib.machinery
import pickle
import sys
from pathlib import Path

import pytest

from conftest import OWN_BACKENDS, backend_or_skip
from transforms import ConfigError, DataError, available_backends, backends, build_chain
from transforms._env import NO_EXTENSIONS
from transforms.registry import CUSTOM, FAMILIES


@pytest.mark.parametrize("name", OWN_BACKENDS)
def test_every_family_has_a_twin_in_every_own_backend(name):
    backend_or_skip(name)
    assert set(backends.REGISTRY[name].twins) == set(FAMILIES) | {CUSTOM.name}


@pytest.mark.parametrize("name", [name for name in backends.names() if backends.REGISTRY[name].compiled])
def test_compiled_twins_are_extension_modules(name):
    backend_or_skip(name)
    twins = backends.REGISTRY[name].twins
    chain = build_chain([], name)
    modules = {sys.modules[cls.__module__] for cls in twins.values()} | {sys.modules[type(chain).__module__]}
    for module in modules:
        assert module.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), module.__file__
    assert name in available_backends()


def test_the_registry_lists_python_first_and_says_why_not():
    assert backends.names()[0] == "python" and "python" in available_backends()
    for name, backend in backends.REGISTRY.items():
        why = backend.unavailable()
        assert (why is None) == (name in available_backends())
        assert why is None or why.strip()


@pytest.mark.skipif(not NO_EXTENSIONS, reason="only with SMTBENCH_NO_EXTENSIONS=1")
def test_pure_python_mode_offers_only_python():
    assert [name for name in available_backends() if name in OWN_BACKENDS] == ["python"]
    with pytest.raises(ConfigError, match=r"backend 'cython' is not available: extensions not built "
                                          r"\(SMTBENCH_NO_EXTENSIONS=1\)"):
        build_chain([], "cython")


def test_errors_survive_pickling():
    # pyperf workers and multiprocessing send errors across processes
    err = pickle.loads(pickle.dumps(DataError("bad", field="f", alias="a", type_name="T")))
    assert (str(err), err.field) == ("transform 'a' (T): bad", "f")


def test_swallowed_exceptions_fail_the_test(pytester):
    pytester.makeconftest(Path(__file__).with_name("conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile("import sys\ndef test_x():\n    sys.stderr.write('Exception ignored in: <f>\\n')\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1, errors=1)
