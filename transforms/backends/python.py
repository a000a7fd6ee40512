"""``python``: the pure-Python twins, the readable reference every other backend is proven equal to."""

from __future__ import annotations

from ..chain_py import Chain
from ..custom_py import Custom
from ..extract_field_py import ExtractField
from ..filter_py import Filter
from ..hoist_field_py import HoistField
from ..insert_field_py import InsertField
from ..lookup_py import Lookup
from ..regex_replace_py import RegexReplace
from ..regex_router_py import RegexRouter
from ..replace_field_py import ReplaceField
from ..set_schema_metadata_py import SetSchemaMetadata
from ..value_to_key_py import ValueToKey
from .base import Backend, build_twins

TWINS = {"ReplaceField": ReplaceField, "RegexRouter": RegexRouter, "RegexReplace": RegexReplace, "Lookup": Lookup,
         "Custom": Custom,
         "InsertField": InsertField, "HoistField": HoistField, "ExtractField": ExtractField, "ValueToKey": ValueToKey,
         "Filter": Filter, "SetSchemaMetadata": SetSchemaMetadata}


def build(spec):
    return Chain(build_twins("python", TWINS, spec), "python")


BACKEND = Backend("python", order=0, label="interpreted (python)", build=build, twins=TWINS)
