"""HoistField$Key / $Value — configuration shared by both twins (hoist_field_py.py, hoist_field_c.pyx).

Kafka: ``HoistField.java``. Schemaless behaviour: the key or value, whatever it is, becomes the only entry of a new
map, ``{field: value}``. Nothing is refused: a null (a tombstone, a null key) is hoisted too, into
``{field: null}``; lists, strings and numbers are hoisted as they are.

Configuration: ``field`` is required; it may be empty (then the map's one key is ``""``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class HoistFieldSpec(Spec):
    field: str


def parse(cfg: TransformConfig, on_key: bool) -> HoistFieldSpec:
    return HoistFieldSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, field=cfg.string("field"))
