"""MaskField$Key / $Value — configuration shared by both twins (mask_field_py.py, mask_field_c.pyx).

Kafka: ``MaskField.java``, schemaless path. Every field in ``fields`` (LIST, required, no empty entries; duplicates
count once) is written back masked: a missing field is INSERTED as null, a null field stays null. There is no null
check: a null key/value (a tombstone) is a DataError, as is any non-map.

- Without ``replacement``: the empty value of the field's type: false, 0, 0.0, "", [], {}, and the epoch for a
  date. Bytes are a DataError.
- With ``replacement`` (STRING, trimmed, not empty): a string field becomes the replacement; a number field becomes
  Java's ``new BigDecimal(replacement)`` as that number's type (``longValue()`` keeps the low 64 bits of the
  truncated value: "1.9" masks an integer to 1, "1e30" to 5076944270305263616; ``byteValue()`` & co. the low 8,
  16, 32 bits for an int8, int16, int32 (java_types.py); ``doubleValue()`` / ``floatValue()`` for a float64 /
  float32). A replacement that is not a decimal number is an error only when a number field is masked, at apply
  time, as in Kafka. Booleans, lists, maps, bytes and dates cannot take a replacement: DataError.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .configdef import TransformConfig
from .java_number import big_decimal_double, big_decimal_float, big_decimal_long
from .spec import Spec

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)  # Kafka's mask of a date: new Date(0)


@dataclass(frozen=True)
class MaskFieldSpec(Spec):
    purpose = "mask fields"

    fields: tuple  # each once, in the order given
    replacement: str | None
    as_long: int | None  # the replacement as an integer field takes it (None: not a number)
    as_double: float | None  # ... and as a float field takes it
    as_float: float | None  # ... and as a float32 field (java_types.Float32) takes it
    not_a_number: str | None  # why the replacement is not a number, for the error

    def not_a_map(self, found: object):
        if found is None:
            return self.data_error(f"the record {self.side} is null (a tombstone), and Kafka's MaskField has no "
                                   f"null check: only maps are supported without a schema for [{self.purpose}]")
        return Spec.not_a_map(self, found)

    def cannot_mask(self, field: str, value: object):
        kinds = {list: "a list", tuple: "a list", dict: "a map", bool: "a boolean"}
        kind = kinds.get(type(value), type(value).__name__)
        if self.replacement is None:
            why = f"is {kind}, which Kafka's MaskField cannot mask (it masks booleans, numbers, strings, dates, " \
                  "lists and maps)"
        else:
            why = f"is {kind}: a replacement applies to number and string fields only"
        return self.data_error(f"field {field!r} of the record {self.side} {why}", field)

    def bad_replacement(self, field: str):
        return self.data_error(f"cannot mask number field {field!r} of the record {self.side} with replacement "
                               f"{self.replacement!r}: {self.not_a_number}", field)


def parse(cfg: TransformConfig, on_key: bool) -> MaskFieldSpec:
    cfg.raw("fields")  # required
    fields = cfg.list("fields", empty_entries=False)
    if not fields:
        raise cfg.error("fields", "'fields' is empty: name at least one field to mask")
    replacement = cfg.string("replacement", None)
    if replacement == "":
        raise cfg.error("replacement", "'replacement' is empty: leave it out to mask with empty values, or give "
                                       "a number or a non-empty string")
    as_long = as_double = as_float = why = None
    if replacement is not None:
        try:
            as_long, as_double = big_decimal_long(replacement), big_decimal_double(replacement)
            as_float = big_decimal_float(replacement)
        except ValueError as exc:
            why = str(exc)
    return MaskFieldSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, fields=tuple(dict.fromkeys(fields)),
                         replacement=replacement, as_long=as_long, as_double=as_double, as_float=as_float,
                         not_a_number=why)
