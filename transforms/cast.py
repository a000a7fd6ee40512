"""Cast$Key / $Value — configuration shared by both twins (cast_py.py, cast_c.pyx).

Kafka: ``Cast.java``, schemaless path. ``spec`` is ``field:type,...`` (top-level fields only) or one bare ``type``
for the whole key or value. Types: int8, int16, int32, int64, float32, float64, boolean, string, in any case
(``toUpperCase(Locale.ROOT)``, so ``ınt8`` is int8 too); ``bytes``, ``array``, ``map`` and ``struct`` are Connect
types Cast refuses as a target. A null key/value passes through. Every field named is written back: a missing one is
INSERTED as null. A field or a whole value that is a list, a map or a date cannot be cast (to anything, string
included); bytes cast only to a string (base64). The numbers follow Java exactly (java_number.py): narrowing wraps,
``Integer.parseInt`` & co. for strings, ``Double.toString`` of JDK 17 for a float to string.
``replace.null.with.default`` (BOOLEAN, default true) matters only with a schema: it is checked and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig, java_trim, to_list, to_string
from .spec import Spec

#: Connect's Schema.Type names, and the ones Cast can cast to.
CONNECT_TYPES = ("INT8", "INT16", "INT32", "INT64", "FLOAT32", "FLOAT64", "BOOLEAN", "STRING", "BYTES", "ARRAY",
                 "MAP", "STRUCT")
TARGETS = ("int8", "int16", "int32", "int64", "float32", "float64", "boolean", "string")
_WHAT = "int8, int16, int32, int64, float32, float64, boolean or string"


@dataclass(frozen=True)
class CastSpec(Spec):
    purpose = "cast types"

    casts: dict  # field -> target type (lower case); the same field twice: the later entry wins, as in Kafka
    whole: str | None  # the target type of the whole key/value, or None

    def cannot_cast(self, value: object, target: str, field: str | None) -> Exception:
        where = f"field {field!r} of the record {self.side}" if field is not None else f"the record {self.side}"
        found = {list: "a list", tuple: "a list", dict: "a map"}.get(type(value))
        if found is not None:
            why = f"{where} is {found}; Cast converts only numbers, booleans, strings and bytes"
        elif isinstance(value, (bytes, bytearray)):
            why = f"{where} is bytes, which Cast converts only to string (base64), not {target}"
        else:
            why = f"{where} is {type(value).__name__}, which Kafka's Cast cannot convert"
        return self.data_error(f"cannot cast to {target}: {why}", field)

    def bad_number(self, value: str, target: str, field: str | None, why: ValueError) -> Exception:
        where = f"field {field!r} of the record {self.side}" if field is not None else f"the record {self.side}"
        return self.data_error(f"cannot cast {where} to {target}: {why}", field)


def _java_split_colon(entry: str) -> list[str]:
    # Java's String.split(":") drops trailing empty strings: "a:int8:" is (a, int8), ":" is nothing at all; but
    # without a colon the entry is the one part, even when empty.
    if ":" not in entry:
        return [entry]
    parts = entry.split(":")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def _target(cfg: TransformConfig, entry: str, name: str) -> str:
    wanted = java_trim(name).upper()  # Java: trim().toUpperCase(Locale.ROOT)
    if wanted not in CONNECT_TYPES:
        raise cfg.error("spec", f"spec entry {entry!r}: unknown type {java_trim(name)!r}; use {_WHAT}")
    if wanted.lower() not in TARGETS:
        raise cfg.error("spec", f"spec entry {entry!r}: Cast cannot cast to {wanted.lower()}; use {_WHAT}")
    return wanted.lower()


def _entries(cfg: TransformConfig) -> list[str]:
    value = cfg.raw("spec")
    if isinstance(value, dict):  # chain.yaml may say {amount: float64}: the entries Connect would be given
        value = ",".join(f"{to_string(field)}:{to_string(kind)}" for field, kind in value.items())
    try:
        return to_list(value)
    except (TypeError, ValueError) as exc:
        raise cfg.error("spec", f"'spec' must be a comma-separated list of field:type: {exc}") from None


def parse(cfg: TransformConfig, on_key: bool) -> CastSpec:
    entries = _entries(cfg)
    if not entries:
        raise cfg.error("spec", "'spec' is empty: give field:type pairs (amount:float64) or one type for the "
                                "whole " + ("key" if on_key else "value"))
    casts: dict = {}
    whole = None
    for entry in entries:
        parts = _java_split_colon(entry)
        if len(parts) > 2:
            raise cfg.error("spec", f"spec entry {entry!r} must be field:type (one colon), e.g. amount:float64")
        if not parts:
            raise cfg.error("spec", f"spec entry {entry!r} names neither a field nor a type")
        if len(parts) == 1:
            whole = _target(cfg, entry, parts[0])
        else:
            casts[java_trim(parts[0])] = _target(cfg, entry, parts[1])
    if whole is not None and len(entries) > 1:
        raise cfg.error("spec", f"spec {','.join(entries)!r} mixes a whole-{'key' if on_key else 'value'} type "
                                "with other entries: a bare type must be the only entry")
    cfg.boolean("replace.null.with.default", True)  # a Struct-only setting: checked, as Kafka does, then unused
    return CastSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, casts=casts, whole=whole)
