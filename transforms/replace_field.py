"""ReplaceField$Key / $Value — configuration shared by both twins (replace_field_py.py, replace_field_c.pyx).

Kafka: ``ReplaceField.java``. Schemaless behaviour: a null key/value passes through; ``exclude`` wins over
``include`` and both name ORIGINAL fields (before renaming); renames or includes of absent fields are ignored.
Configuration as Kafka 4.3 checks it: an empty entry in ``include``/``exclude`` (``"a,"``, ``"c,,a"``) is refused and
duplicate entries are dropped (``ConfigDef.ValidList``); every ``renames`` entry must split into two parts;
``replace.null.with.default`` must be a boolean (it only matters for Structs).

Two fields that end up under one name (``a:x,b:x``, or a rename onto a kept field): the one later in the record
wins here. Kafka puts them into a HashMap in the order it iterates the input map (for a HashMap, hash order): its
survivor depends on Java's HashMap iteration order, ours is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig, to_string
from .spec import Spec


@dataclass(frozen=True)
class ReplaceFieldSpec(Spec):
    purpose = "field replacement"

    renames: dict  # original name -> new name
    included: frozenset
    excluded: frozenset
    replace_null_with_default: bool = True  # Kafka's setting for Structs with defaults: no effect without a schema


def _java_split_colon(entry: str) -> list[str]:
    # Java's String.split(":") drops trailing empty strings: "a:b:" is the pair (a, b), "a:" is just (a).
    parts = entry.split(":")
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def _renames(cfg: TransformConfig) -> dict:
    value = cfg.raw("renames", "")
    if isinstance(value, dict):  # chain.yaml may say {order_id: orderId}; names may then hold ':'
        return {to_string(old): to_string(new) for old, new in value.items()}
    renames = {}
    for entry in cfg.list("renames"):
        parts = _java_split_colon(entry)
        if len(parts) != 2:
            raise cfg.error("renames", f"renames entry {entry!r} must be old:new (e.g. order_id:orderId)")
        renames[parts[0]] = parts[1]  # the same old name twice: the later entry wins, as in Kafka's HashMap
    return renames


def parse(cfg: TransformConfig, on_key: bool) -> ReplaceFieldSpec:
    for removed, instead in (("blacklist", "exclude"), ("whitelist", "include")):
        if cfg.has(removed):
            cfg.warn(removed, f"{removed!r} was removed in Kafka 4.0, which ignores it without a word: "
                              f"use {instead!r}")
    return ReplaceFieldSpec(
        alias=cfg.alias,
        type_name=cfg.type_name,
        on_key=on_key,
        renames=_renames(cfg),
        included=frozenset(cfg.list("include", empty_entries=False)),
        excluded=frozenset(cfg.list("exclude", empty_entries=False)),
        replace_null_with_default=cfg.boolean("replace.null.with.default", True),
    )
