"""Flatten$Key / $Value — configuration shared by both twins (flatten_py.py, flatten_c.pyx).

Kafka: ``Flatten.java``, schemaless path. A null key/value passes through; any other non-map is a DataError. Nested
maps become ``parent<delimiter>child`` fields, in the input's order, into a new map (Java's LinkedHashMap): an empty
nested map contributes nothing, a null stays a null field, lists (and what they hold) are kept as they are. A
flattened name that collides with an earlier field replaces its value and keeps its place, as ``Map.put`` does. A
value Connect has no schema type for (a ``java.util.Date``, i.e. a datetime) is a DataError, and so is a non-string
map key.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class FlattenSpec(Spec):
    purpose = "flattening"

    delimiter: str


def parse(cfg: TransformConfig, on_key: bool) -> FlattenSpec:
    return FlattenSpec(cfg.alias, cfg.type_name, on_key, cfg.string("delimiter", "."))


def unsupported(spec: FlattenSpec, found: object, name: str):
    """Kafka: "Flatten transformation does not support <class> for record without schemas (for field <name>)"."""
    return spec.data_error(f"cannot flatten a {type(found).__name__} without a schema (field {name!r}): Connect "
                           "has no schema type for it", field=name)


def bad_key(spec: FlattenSpec, key: object):
    return spec.data_error(f"map key {key!r} is a {type(key).__name__}, not a string: Flatten needs string keys")
