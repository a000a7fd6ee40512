"""The Cython twins really are compiled (unless the user asked for pure Python), and the build mode is honest."""

import importlib
import importlib.machinery
import pickle
from pathlib import Path

import pytest

from transforms import ConfigError, DataError, available_backends, build_chain
from transforms._env import NO_EXTENSIONS
from transforms.chain import _COMPILED


@pytest.mark.skipif(NO_EXTENSIONS, reason="SMTBENCH_NO_EXTENSIONS is set")
@pytest.mark.parametrize("name", _COMPILED)
def test_cython_twins_are_extension_modules(name):
    module = importlib.import_module(f"transforms.{name}")
    assert module.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)), module.__file__
    assert available_backends() == ["python", "cython"]


@pytest.mark.skipif(not NO_EXTENSIONS, reason="only with SMTBENCH_NO_EXTENSIONS=1")
def test_pure_python_mode_offers_only_python():
    assert available_backends() == ["python"]
    with pytest.raises(ConfigError, match="backend 'cython' is not available: SMTBENCH_NO_EXTENSIONS is set"):
        build_chain([], "cython")


def test_errors_survive_pickling():
    # pyperf workers and multiprocessing send errors across processes
    err = pickle.loads(pickle.dumps(DataError("bad", field="f", alias="a", type_name="T")))
    assert (str(err), err.field) == ("transform 'a' (T): bad", "f")


def test_swallowed_exceptions_fail_the_test(pytester):
    pytester.makeconftest(Path(__file__).with_name("conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile("import sys\ndef test_x():\n    sys.stderr.write('Exception ignored in: <f>\\n')\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1, errors=1)
