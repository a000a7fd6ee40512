"""MaskField — the pure-Python twin (the reference). Configuration: mask_field.py."""

from __future__ import annotations

import datetime

from .java_number import wrap
from .java_types import Float32
from .mask_field import EPOCH
from .stage_py import MapStage


def mask_value(spec, field: str, value):
    """Kafka's ``masked(value)``: the field's empty value, or the replacement as the field's type."""
    if value is None:
        return None
    replacement = spec.replacement
    if replacement is None:
        if isinstance(value, bool):  # before int: a Python bool is an int
            return False
        if isinstance(value, (int, float)):  # (byte) 0, 0.0f ...: zero of the field's own type (java_types.py)
            return type(value)(0)
        if isinstance(value, str):
            return ""
        if isinstance(value, (list, tuple)):
            return []
        if isinstance(value, dict):
            return {}
        if isinstance(value, datetime.datetime):
            return EPOCH
        raise spec.cannot_mask(field, value)
    if isinstance(value, str):
        return replacement
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if spec.not_a_number is not None:
            raise spec.bad_replacement(field)
        if isinstance(value, float):
            return Float32(spec.as_float) if type(value) is Float32 else spec.as_double
        kind = type(value)
        return spec.as_long if kind is int else kind(wrap(spec.as_long, kind.bits))  # byteValue() & co.
    raise spec.cannot_mask(field, value)


class MaskField(MapStage):
    """Replace the named top-level fields with an empty value or a replacement."""

    def apply(self, record):
        data = record[self._side]
        if not isinstance(data, dict):  # no tombstone pass-through in Kafka's MaskField
            raise self.spec.not_a_map(data)
        return self._with(record, self.apply_map(data))

    def apply_map(self, data):
        spec = self.spec
        out = dict(data)
        for field in spec.fields:
            out[field] = mask_value(spec, field, data.get(field))
        return out
