"""``cython``: the Cython twins (``transforms/*_c.pyx``), one compiled class per transform, called through C."""

from __future__ import annotations

from .. import _env
from .base import Backend, build_twins

try:
    from ..cast_c import Cast
    from ..chain_c import Chain
    from ..custom_c import Custom
    from ..drop_headers_c import DropHeaders
    from ..extract_field_c import ExtractField
    from ..filter_c import Filter
    from ..flatten_c import Flatten
    from ..header_from_c import HeaderFrom
    from ..hoist_field_c import HoistField
    from ..insert_field_c import InsertField
    from ..insert_header_c import InsertHeader
    from ..lookup_c import Lookup
    from ..mask_field_c import MaskField
    from ..predicates_c import PREDICATES, Conditional
    from ..regex_replace_c import RegexReplace
    from ..regex_router_c import RegexRouter
    from ..replace_field_c import ReplaceField
    from ..set_schema_metadata_c import SetSchemaMetadata
    from ..timestamp_converter_c import TimestampConverter
    from ..timestamp_router_c import TimestampRouter
    from ..value_to_key_c import ValueToKey
except ImportError as exc:  # not built: a pure-Python install, or a build without a compiler
    _MISSING: str | None = (f"the Cython twins are not built ({exc}); reinstall with a C compiler "
                            "(pip install -e .)")
    TWINS: dict = {}
    PREDICATES: dict = {}
else:
    _MISSING = None
    TWINS = {cls.__name__: cls for cls in (  # by family name, which is the class name
        Cast, Custom, ExtractField, Filter, Flatten, HoistField, InsertField, Lookup, MaskField, RegexReplace,
        RegexRouter, ReplaceField, SetSchemaMetadata, TimestampConverter, TimestampRouter, ValueToKey,
        InsertHeader, DropHeaders, HeaderFrom,
    )}


def unavailable() -> str | None:
    if _env.NO_EXTENSIONS:
        return "extensions not built (SMTBENCH_NO_EXTENSIONS=1)"
    return _MISSING


def build(spec):
    return Chain(build_twins("cython", TWINS, PREDICATES, Conditional, spec), "cython", spec.errors_tolerance)


BACKEND = Backend("cython", order=1, label="compiled (cython)", build=build, unavailable=unavailable, twins=TWINS,
                  predicates=PREDICATES, compiled=True)
