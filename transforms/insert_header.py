"""InsertHeader — configuration shared by both twins (insert_header_py.py, insert_header_c.pyx).

Kafka: ``InsertHeader.java``. Every record gets one more header, named ``header``, after the ones it has (a header
of that name already there stays: Connect's headers keep repeats, in order). Its value is ``value.literal`` as
Connect's ``Values.parseString`` types it, once, at configure time (connect_values.py: ``42`` is an Int8, ``1.5`` a
Float32, ``[1, 2]`` a list, ``2024-01-01`` a date, ``null`` no value, anything else the string). Tombstones and
non-map keys and values get the header too: InsertHeader never looks at them.

Both settings are required and may be empty (``header: ""`` names the header ``""``). Deliberate difference: a
literal Kafka parses into a value Python cannot hold (a date outside the years 1..9999, a map keyed by a list or a
map) makes every record a DataError here, where Kafka inserts the value (as every twin does with a Date Python
cannot hold).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import connect_values
from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class InsertHeaderSpec(Spec):
    header: str
    literal: str
    #: Connect's schema of the parsed literal (``INT8``, ``STRING``, ``Date``, ... or None for ``null``).
    schema: str | None
    value: object
    #: Why Python cannot hold what Kafka parses the literal into (each record is then a DataError), or None.
    unrepresentable: str | None = None

    def cannot_hold(self):
        return self.data_error(f"Kafka reads 'value.literal' {self.literal!r} as {self.unrepresentable}, which "
                               "smtbench cannot hold; choose another literal")


def parse(cfg: TransformConfig, on_key: bool) -> InsertHeaderSpec:
    header = cfg.string("header")
    literal = cfg.string("value.literal")
    schema = value = unrepresentable = None
    try:
        schema, value = connect_values.parse_with_schema(literal)
    except connect_values.Unrepresentable as exc:
        unrepresentable = str(exc)
    return InsertHeaderSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, header=header,
                            literal=literal, schema=schema, value=value, unrepresentable=unrepresentable)
