"""``python``: the pure-Python twins, the readable reference every other backend is proven equal to."""

from __future__ import annotations

from ..cast_py import Cast
from ..chain_py import Chain
from ..custom_py import Custom
from ..drop_headers_py import DropHeaders
from ..extract_field_py import ExtractField
from ..filter_py import Filter
from ..flatten_py import Flatten
from ..header_from_py import HeaderFrom
from ..hoist_field_py import HoistField
from ..insert_field_py import InsertField
from ..insert_header_py import InsertHeader
from ..lookup_py import Lookup
from ..mask_field_py import MaskField
from ..predicates_py import PREDICATES, Conditional
from ..regex_replace_py import RegexReplace
from ..regex_router_py import RegexRouter
from ..replace_field_py import ReplaceField
from ..set_schema_metadata_py import SetSchemaMetadata
from ..timestamp_converter_py import TimestampConverter
from ..timestamp_router_py import TimestampRouter
from ..value_to_key_py import ValueToKey
from .base import Backend, build_twins

TWINS = {cls.__name__: cls for cls in (  # by family name, which is the class name
    Cast, Custom, ExtractField, Filter, Flatten, HoistField, InsertField, Lookup, MaskField, RegexReplace, RegexRouter,
    ReplaceField, SetSchemaMetadata, TimestampConverter, TimestampRouter, ValueToKey,
    InsertHeader, DropHeaders, HeaderFrom,
)}


def build(spec):
    return Chain(build_twins("python", TWINS, PREDICATES, Conditional, spec), "python", spec.errors_tolerance)


BACKEND = Backend("python", order=0, label="interpreted (python)", build=build, twins=TWINS, predicates=PREDICATES)
