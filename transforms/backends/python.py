"""``python``: the pure-Python twins, the readable reference every other backend is proven equal to."""

from __future__ import annotations

from ..chain_py import Chain
from ..custom_py import Custom
from ..flatten_py import Flatten
from ..lookup_py import Lookup
from ..predicates_py import PREDICATES, Conditional
from ..regex_replace_py import RegexReplace
from ..regex_router_py import RegexRouter
from ..replace_field_py import ReplaceField
from ..timestamp_converter_py import TimestampConverter
from ..timestamp_router_py import TimestampRouter
from .base import Backend, build_twins

TWINS = {"ReplaceField": ReplaceField, "RegexRouter": RegexRouter, "RegexReplace": RegexReplace, "Lookup": Lookup,
         "Custom": Custom, "Flatten": Flatten, "TimestampConverter": TimestampConverter,
         "TimestampRouter": TimestampRouter}


def build(spec):
    return Chain(build_twins("python", TWINS, PREDICATES, Conditional, spec), "python", spec.errors_tolerance)


BACKEND = Backend("python", order=0, label="interpreted (python)", build=build, twins=TWINS, predicates=PREDICATES)
