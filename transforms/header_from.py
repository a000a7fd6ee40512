"""HeaderFrom$Key / $Value — configuration shared by both twins (header_from_py.py, header_from_c.pyx).

Kafka: ``HeaderFrom.java``, schemaless path. The key or value must be a map: a tombstone (null) or any non-map is
a DataError (Kafka's ``requireMap``), unlike most map transforms, which let a null through. For each pair of
``fields[i]`` and ``headers[i]``, in order, a header ``headers[i]`` is appended whose value is the field's value in
the map as it came in (null when the field is absent or null). ``move`` then removes those fields from the map,
``copy`` leaves it as it is. A field named twice gives two headers with its value; a header name may repeat.

Config: ``fields`` and ``headers`` (LIST, required, not empty, the same length; empty entries are names, as
Kafka 4.3's ``NonEmptyListValidator`` lets ``"a,"`` through), ``operation`` (``move`` or ``copy``, exactly, after
trimming), ``replace.null.with.default`` (BOOLEAN, default true: only structs have defaults, so schemaless records
ignore it).
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

OPERATIONS = ("move", "copy")


@dataclass(frozen=True)
class HeaderFromSpec(Spec):
    fields: tuple
    headers: tuple
    move: bool
    replace_null_with_default: bool

    @property
    def purpose(self) -> str:  # Kafka's requireMap purpose: "header move" or "header copy"
        return "header move" if self.move else "header copy"

    def not_a_map(self, found: object):
        if found is None:
            return self.data_error(
                f"only maps are supported without a schema for [{self.purpose}], found null as the record "
                f"{self.side}: HeaderFrom fails on a tombstone (Kafka's requireMap); filter tombstones out first")
        return super().not_a_map(found)


def _names(cfg: TransformConfig, key: str) -> list[str]:
    cfg.raw(key)  # required
    names = cfg.list(key)
    if not names:
        raise cfg.error(key, f"{key!r} must not be empty: name at least one")
    return names


def parse(cfg: TransformConfig, on_key: bool) -> HeaderFromSpec:
    fields, headers = _names(cfg, "fields"), _names(cfg, "headers")
    if len(fields) != len(headers):
        raise cfg.error("headers", f"'fields' has {len(fields)} names and 'headers' {len(headers)}: give one "
                                   "header name per field, in the same order")
    operation = cfg.string("operation")
    if operation not in OPERATIONS:
        raise cfg.error("operation", f"'operation' must be move or copy (lower case), not {operation!r}")
    return HeaderFromSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, fields=tuple(fields),
                          headers=tuple(headers), move=operation == "move",
                          replace_null_with_default=cfg.boolean("replace.null.with.default", True))
