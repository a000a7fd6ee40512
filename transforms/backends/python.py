"""``python``: the pure-Python twins, the readable reference every other backend is proven equal to."""

from __future__ import annotations

from .. import chain_py, custom_py, lookup_py, regex_replace_py, regex_router_py, replace_field_py
from . import Backend

TWINS = {
    "ReplaceField": replace_field_py.ReplaceField,
    "RegexRouter": regex_router_py.RegexRouter,
    "RegexReplace": regex_replace_py.RegexReplace,
    "Lookup": lookup_py.Lookup,
    "Custom": custom_py.Custom,
}


def build(spec):
    return chain_py.Chain([TWINS[stage.family.name](stage.spec) for stage in spec.stages], "python")


BACKEND = Backend("python", order=0, label="interpreted (python)", build=build, twins=TWINS)
