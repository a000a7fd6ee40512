"""SetSchemaMetadata$Key / $Value — configuration shared by both twins (set_schema_metadata_py.py, _c.pyx).

Kafka: ``SetSchemaMetadata.java`` (4.3). It renames or re-versions the key's or value's schema, so it needs one:
on the schemaless path (JsonConverter with ``schemas.enable=false``) every record with a non-null key/value is an
error ("Schema required for [updating schema metadata]"), whatever that key/value is. A null key/value (a
tombstone, a null key) has no schema either, and passes through untouched.

Configuration as Kafka checks it: ``schema.name`` (STRING, may be empty) or ``schema.version`` (INT, read as Java's
``Integer.parseInt`` reads it: an optional sign and decimal digits, Unicode digits included, within int32), or
both; neither is an error.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


@dataclass(frozen=True)
class SetSchemaMetadataSpec(Spec):
    purpose = "updating schema metadata"

    schema_name: str | None
    schema_version: int | None
    replace_null_with_default: bool = True  # Kafka's setting for Structs with defaults: no effect without a schema

    def no_schema(self, found: object):
        # Kafka: "Schema required for [updating schema metadata]"
        return self.data_error(f"schema required for [{self.purpose}]: the record {self.side} is "
                               f"{type(found).__name__} without a schema (schemaless records cannot carry a schema "
                               "name or version)")


def java_parse_int(text: str) -> int:
    """Java's ``Integer.parseInt(text)``: ``[+-]`` then one or more decimal digits (any Unicode Nd digit in the
    Basic Multilingual Plane, as ``Character.digit`` reads UTF-16 units), within int32; ValueError otherwise."""
    digits = text[1:] if text[:1] in ("+", "-") else text
    if not digits or any(ord(c) > 0xFFFF or unicodedata.decimal(c, None) is None for c in digits):
        raise ValueError(f"{text!r} is not a whole number")
    number = int("".join(str(unicodedata.decimal(c)) for c in digits))
    number = -number if text.startswith("-") else number
    if not _INT_MIN <= number <= _INT_MAX:
        raise ValueError(f"{text} is outside the int32 range")
    return number


def parse(cfg: TransformConfig, on_key: bool) -> SetSchemaMetadataSpec:
    name = cfg.string("schema.name", None)
    version = cfg.string("schema.version", None)
    if version is not None:
        try:
            version = java_parse_int(version)
        except ValueError as exc:
            raise cfg.error("schema.version", f"schema.version must be a whole number (an int32): {exc}") from None
    replace_null_with_default = cfg.boolean("replace.null.with.default", True)
    if name is None and version is None:
        raise cfg.error(None, "set schema.name, schema.version or both")
    return SetSchemaMetadataSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, schema_name=name,
                                 schema_version=version, replace_null_with_default=replace_null_with_default)
