"""Type names -> transform families: which transforms exist and how each parses its configuration.

Every backend runs every family here; its twin classes are listed in the backend's module
(transforms/backends/), and tests/test_build.py fails when one is missing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from . import (cast, custom, drop_headers, extract_field, filter as filter_, flatten, header_from, hoist_field,
               insert_field, insert_header, java_class, lookup, mask_field, regex_replace, regex_router, replace_field,
               set_schema_metadata, timestamp_converter, timestamp_router, value_to_key)
from .configdef import TransformConfig
from .errors import ConfigError

KAFKA_PACKAGE = java_class.KAFKA_PACKAGE
# Kafka's built-in SMTs (docs/semantics.md), so that one we have not built yet is named as such.
KAFKA_BUILTINS = frozenset({
    "Cast", "DropHeaders", "ExtractField", "Filter", "Flatten", "HeaderFrom", "HoistField", "InsertField",
    "InsertHeader", "MaskField", "RegexRouter", "ReplaceField", "SetSchemaMetadata", "TimestampConverter",
    "TimestampRouter", "ValueToKey",
})


@dataclass(frozen=True)
class Family:
    """A transform: ``<name>.py`` parses its configuration into a Spec that its twins (``<name>_py.py``,
    ``<name>_c.pyx``) share."""

    name: str
    parse: Callable[[TransformConfig, bool], object]
    variants: bool  # configured as Name$Key / Name$Value
    kafka: bool  # one of Kafka's built-ins (else smtbench's own)

    def class_name(self, type_name: str, on_key: bool) -> str:
        """Kafka's full class name for a built-in (``org.apache.kafka.connect.transforms.ReplaceField$Value``),
        the type as written for smtbench's own and custom transforms."""
        if self is JAVA:
            return java_class.class_name(type_name)
        if not self.kafka:
            return type_name
        return KAFKA_PACKAGE + self.name + (("$Key" if on_key else "$Value") if self.variants else "")


FAMILIES = {
    family.name: family
    for family in (
        Family("ReplaceField", replace_field.parse, variants=True, kafka=True),
        Family("RegexRouter", regex_router.parse, variants=False, kafka=True),
        Family("RegexReplace", regex_replace.parse, variants=True, kafka=False),
        Family("Lookup", lookup.parse, variants=True, kafka=False),
        Family("Flatten", flatten.parse, variants=True, kafka=True),
        Family("TimestampConverter", timestamp_converter.parse, variants=True, kafka=True),
        Family("TimestampRouter", timestamp_router.parse, variants=False, kafka=True),
        Family("InsertField", insert_field.parse, variants=True, kafka=True),
        Family("HoistField", hoist_field.parse, variants=True, kafka=True),
        Family("ExtractField", extract_field.parse, variants=True, kafka=True),
        Family("ValueToKey", value_to_key.parse, variants=False, kafka=True),
        Family("Filter", filter_.parse, variants=False, kafka=True),
        Family("SetSchemaMetadata", set_schema_metadata.parse, variants=True, kafka=True),
        Family("Cast", cast.parse, variants=True, kafka=True),
        Family("MaskField", mask_field.parse, variants=True, kafka=True),
        Family("InsertHeader", insert_header.parse, variants=False, kafka=True),
        Family("DropHeaders", drop_headers.parse, variants=False, kafka=True),
        Family("HeaderFrom", header_from.parse, variants=True, kafka=True),
    )
}


CUSTOM = Family("Custom", custom.parse, variants=False, kafka=False)
#: Kafka's built-ins smtbench has no twin of, and any other Java class: for the jvm backend only.
JAVA = Family("Java", java_class.parse, variants=False, kafka=True)


def type_names() -> list[str]:
    """Every short type name a chain may use."""
    names = []
    for family in FAMILIES.values():
        names += [f"{family.name}$Key", f"{family.name}$Value"] if family.variants else [family.name]
    return names


def resolve(type_name: str, alias: str) -> tuple[Family, bool]:
    """``ReplaceField$Value`` or ``org.apache.kafka.connect.transforms.ReplaceField$Value`` -> (family, on_key)."""

    def error(message: str) -> ConfigError:
        return ConfigError(message, key="type", alias=alias, type_name=type_name)

    if custom.is_custom(type_name):
        return CUSTOM, False
    short = type_name[len(KAFKA_PACKAGE):] if type_name.startswith(KAFKA_PACKAGE) else type_name
    base, dollar, variant = short.partition("$")
    family = FAMILIES.get(base)
    if "." in short or (family is None and base in KAFKA_BUILTINS):  # a Java class only the jvm backend runs
        return JAVA, dollar == "$" and variant == "Key"
    if family is None or (short != type_name and not family.kafka):
        kafka_names = [f"{b}{v}" for b in sorted(KAFKA_BUILTINS) for v in ("", "$Key", "$Value")]
        close = difflib.get_close_matches(short, type_names() + kafka_names, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"known types: {', '.join(type_names())}"
        raise error(f"unknown transform type {type_name!r}; {hint}")
    if family.variants:
        if variant not in ("Key", "Value"):
            raise error(f"{base} acts on the key or the value: write {base}$Key or {base}$Value")
        return family, variant == "Key"
    if dollar:
        raise error(f"{base} has no $Key/$Value variants: write {base}")
    return family, False
