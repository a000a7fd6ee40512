"""``cython``: the Cython twins (``transforms/*_c.pyx``), one compiled class per transform, called through C."""

from __future__ import annotations

from .. import _env
from . import Backend

try:
    from .. import chain_c, custom_c, lookup_c, regex_replace_c, regex_router_c, replace_field_c
except ImportError as exc:  # not built: a pure-Python install, or a build without a compiler
    _MISSING: str | None = f"the Cython twins are not built ({exc}); reinstall with 'pip install -e .' and a C compiler"
    TWINS: dict = {}
else:
    _MISSING = None
    TWINS = {
        "ReplaceField": replace_field_c.ReplaceField,
        "RegexRouter": regex_router_c.RegexRouter,
        "RegexReplace": regex_replace_c.RegexReplace,
        "Lookup": lookup_c.Lookup,
        "Custom": custom_c.Custom,
    }


def unavailable() -> str | None:
    if _env.NO_EXTENSIONS:
        return "extensions not built (SMTBENCH_NO_EXTENSIONS=1)"
    return _MISSING


def build(spec):
    return chain_c.Chain([TWINS[stage.family.name](stage.spec) for stage in spec.stages], "cython")


BACKEND = Backend("cython", order=1, label="compiled (cython)", build=build, unavailable=unavailable, twins=TWINS,
                  compiled=True)
