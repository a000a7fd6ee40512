"""Lookup$Key / $Value — smtbench's own transform (Kafka has none). Shared by lookup_py.py and lookup_c.pyx.

Enriches a record from a table loaded once at configuration time, or from a store: ``field`` is looked up and the
result written to ``target`` (default: ``field`` itself). Exactly one of ``table`` and ``store`` is given. ``table``
is a CSV file with the header row ``key,value``, a JSON object file, or (in chain.yaml) an inline mapping; a relative
path is relative to the chain file. ``store`` is a SQLite file, a Redis server or a PostgreSQL database, asked per
record (lookup_store.py). On a miss ``default`` is written if given, else the record is unchanged. A missing or null
field is a miss. String fields match keys as they are; integer fields match their decimal string (``7`` matches
``"7"``, not ``"07"``); any other type is a DataError.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .configdef import TransformConfig, to_string
from .lookup_store import StoreSettings, parse_store
from .spec import Spec

#: ``default`` when the config gives none: a miss leaves the record unchanged.
NO_DEFAULT = None


@dataclass(frozen=True)
class LookupSpec(Spec):
    purpose = "lookup"

    field: str
    target: str
    table: dict | None  # str key -> value; None when the values come from ``store``
    int_table: dict | None  # the keys that are the decimal form of an int, by that int
    has_default: bool
    default: object
    store: StoreSettings | None = None


def _int_keys(table: dict) -> dict:
    by_int = {}
    for key, value in table.items():
        try:
            number = int(key)
        except ValueError:
            continue
        if str(number) == key:  # "7" yes; "07", "+7", " 7", "1_000", "٧" no
            by_int[number] = value
    return by_int


def _load_csv(cfg: TransformConfig, path: Path) -> dict:
    table: dict = {}
    lines: dict = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None or [cell.strip().lower() for cell in header] != ["key", "value"]:
            raise cfg.error("table", f"{path}:1: the first row must be the header 'key,value', found {header!r}")
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != 2:
                raise cfg.error("table", f"{path}:{line}: expected 2 columns (key,value), found {len(row)}: {row!r}")
            key, value = row
            if key in table:
                raise cfg.error("table", f"{path}:{line}: duplicate key {key!r} (first at line {lines[key]})")
            table[key], lines[key] = value, line
    return table


def _load_table(cfg: TransformConfig) -> dict:
    value = cfg.raw("table")
    if isinstance(value, dict):
        return {to_string(key): item for key, item in value.items()}
    name = cfg.nonempty_string("table")
    path = cfg.existing_file("table", name, "table file")
    try:
        if path.suffix.lower() == ".json":
            with path.open(encoding="utf-8") as handle:
                table = json.load(handle)
            if not isinstance(table, dict):
                raise cfg.error("table", f"{path}: a JSON table must be one object {{\"key\": value, ...}}, "
                                         f"found {type(table).__name__}")
            return table
        if path.suffix.lower() == ".csv":
            return _load_csv(cfg, path)
    except json.JSONDecodeError as exc:
        raise cfg.error("table", f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise cfg.error("table", f"{path}: cannot read the table: {exc}") from None
    raise cfg.error("table", f"table file {name!r} must end in .csv or .json")


def parse(cfg: TransformConfig, on_key: bool) -> LookupSpec:
    field = cfg.nonempty_string("field")
    target = cfg.nonempty_string("target", field)
    has_default = cfg.has("default")
    default = cfg.string("default") if has_default else NO_DEFAULT
    if cfg.has("store"):
        if cfg.has("table"):
            raise cfg.error("store", "give either 'table' (a file or mapping) or 'store' (a database), not both")
        return LookupSpec(cfg.alias, cfg.type_name, on_key, field, target, None, None, has_default, default,
                          parse_store(cfg))
    if not cfg.has("table"):
        raise cfg.error("table", "missing required setting 'table' (a .csv/.json file or a mapping), or 'store' "
                                 "(a database to ask per record)")
    table = _load_table(cfg)
    return LookupSpec(cfg.alias, cfg.type_name, on_key, field, target, table, _int_keys(table), has_default, default)
