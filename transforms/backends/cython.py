"""``cython``: the Cython twins (``transforms/*_c.pyx``), one compiled class per transform, called through C."""

from __future__ import annotations

from .. import _env
from .base import Backend, build_twins

try:
    from ..chain_c import Chain
    from ..custom_c import Custom
    from ..extract_field_c import ExtractField
    from ..filter_c import Filter
    from ..hoist_field_c import HoistField
    from ..insert_field_c import InsertField
    from ..lookup_c import Lookup
    from ..regex_replace_c import RegexReplace
    from ..regex_router_c import RegexRouter
    from ..replace_field_c import ReplaceField
    from ..set_schema_metadata_c import SetSchemaMetadata
    from ..value_to_key_c import ValueToKey
except ImportError as exc:  # not built: a pure-Python install, or a build without a compiler
    _MISSING: str | None = (f"the Cython twins are not built ({exc}); reinstall with a C compiler "
                            "(pip install -e .)")
    TWINS: dict = {}
else:
    _MISSING = None
    TWINS = {"ReplaceField": ReplaceField, "RegexRouter": RegexRouter, "RegexReplace": RegexReplace,
             "Lookup": Lookup, "Custom": Custom,
             "InsertField": InsertField, "HoistField": HoistField, "ExtractField": ExtractField,
             "ValueToKey": ValueToKey, "Filter": Filter, "SetSchemaMetadata": SetSchemaMetadata}


def unavailable() -> str | None:
    if _env.NO_EXTENSIONS:
        return "extensions not built (SMTBENCH_NO_EXTENSIONS=1)"
    return _MISSING


def build(spec):
    return Chain(build_twins("cython", TWINS, spec), "cython")


BACKEND = Backend("cython", order=1, label="compiled (cython)", build=build, unavailable=unavailable, twins=TWINS,
                  compiled=True)
