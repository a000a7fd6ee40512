"""Builds the Cython twins (transforms/*_c.pyx). SMTBENCH_NO_EXTENSIONS=1 builds pure Python instead."""

import importlib.util
import sys
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _no_extensions() -> bool:
    # transforms/_env.py is the one place that reads SMTBENCH_NO_EXTENSIONS; load it without importing the package.
    spec = importlib.util.spec_from_file_location("_smtbench_env", HERE / "transforms" / "_env.py")
    env = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(env)
    return env.NO_EXTENSIONS


class LoudBuildExt(build_ext):
    """A compiler failure names the fix instead of leaving a bare gcc error."""

    def run(self):
        try:
            super().run()
        except Exception as exc:
            raise SystemExit(
                f"smtbench: building the Cython twins failed: {exc}\n"
                "  Install a C compiler and the Python headers (Debian: apt-get install gcc python3-dev),\n"
                "  or build pure Python on purpose with SMTBENCH_NO_EXTENSIONS=1."
            ) from exc


def _has_callgrind_header() -> bool:
    # The instruction-count gate's helper needs valgrind's client-request macros (Debian package: valgrind).
    dirs = ["/usr/include", "/usr/local/include", sysconfig.get_paths()["include"]]
    return any(Path(d, "valgrind", "callgrind.h").is_file() for d in dirs)


if _no_extensions():
    print("smtbench: SMTBENCH_NO_EXTENSIONS is set: pure-Python build, no Cython twins", file=sys.stderr)
    ext_modules = []
else:
    from Cython.Build import cythonize

    sources = ["transforms/*_c.pyx"]
    print("smtbench: building the Cython twins (transforms/*_c.pyx)", file=sys.stderr)
    if _has_callgrind_header():
        sources.append("bench/measure/_callgrind.pyx")
        print("smtbench: building the callgrind helper (bench/measure/_callgrind.pyx)", file=sys.stderr)
    else:
        print("smtbench: no valgrind/callgrind.h: the instruction-count gate is off (apt-get install valgrind, "
              "then reinstall)", file=sys.stderr)
    import Cython

    ext_modules = cythonize(sources, compiler_directives={"language_level": 3}, quiet=True)
    for extension in ext_modules:  # which Cython compiled the twins: instruction baselines depend on it
        extension.define_macros.append(("SMTBENCH_CYTHON_VERSION", f'"{Cython.__version__}"'))

setup(ext_modules=ext_modules, cmdclass={"build_ext": LoudBuildExt})
