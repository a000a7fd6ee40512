"""Filter — configuration shared by both twins (filter_py.py, filter_c.pyx).

Kafka: ``Filter.java``. It drops every record (``apply`` returns null), so the rest of the chain never sees it; it
is meant to run under a predicate (``predicate``, ``negate``), which decides which records it drops. It has no
settings: Kafka ignores any it is given, smtbench warns about each. Kafka has no ``Filter$Key``/``Filter$Value``
classes: those names are configuration errors on every backend.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class FilterSpec(Spec):
    pass


def parse(cfg: TransformConfig, on_key: bool) -> FilterSpec:
    return FilterSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=False)
