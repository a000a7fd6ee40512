"""Cast — the pure-Python twin (the reference). Configuration: cast.py; Java's number rules: java_number.py."""

from __future__ import annotations

from . import java_number as jn
from .java_float_string import float_to_string
from .java_types import BY_NAME, Float32
from .stage_py import MapStage

_INT_BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}


def cast_value(spec, value, target: str, field: str | None):
    """Kafka's ``castValueToType`` for a schemaless value: what the Java value ``value`` becomes as ``target``,
    carried as the Java type it is (java_types.py: an int8 is an Int8)."""
    out = _cast(spec, value, target, field)
    typed = BY_NAME.get(target)
    return out if typed is None or out is None or type(out) is typed else typed(out)


def _cast(spec, value, target: str, field: str | None):
    if value is None:
        return None
    if isinstance(value, bool):  # before int: a Python bool is an int
        if target == "string":
            return "true" if value else "false"
        if target == "boolean":
            return value
        return (1.0 if value else 0.0) if target[0] == "f" else int(value)
    if isinstance(value, int):  # a Long, or a Byte, Short or Integer (java_types): the same digits, the same bits
        if target == "string":
            return str(value)
        if target == "boolean":
            return value != 0
        if target == "float64":
            return float(value)
        if target == "float32":
            return jn.long_to_float(value)
        return jn.wrap(value, _INT_BITS[target])
    if isinstance(value, float):  # a Double, or a Float (java_types.Float32)
        if target == "string":
            return float_to_string(value) if isinstance(value, Float32) else jn.double_to_string(value)
        if target == "boolean":
            return jn.double_to_int(value, 64) != 0  # Number.longValue() != 0: 0.5 is false
        if target == "float64":
            return value
        if target == "float32":
            return jn.double_to_float(value)
        return jn.narrow_double(value, _INT_BITS[target])
    if isinstance(value, str):
        if target == "string":
            return value
        if target == "boolean":
            return jn.parse_boolean(value)
        try:
            if target == "float64":
                return jn.parse_double(value)
            if target == "float32":
                return jn.parse_float(value)
            return jn.parse_integer(value, _INT_BITS[target])
        except ValueError as exc:
            raise spec.bad_number(value, target, field, exc) from None
    if isinstance(value, (bytes, bytearray)) and target == "string":
        return jn.bytes_to_string(value)
    raise spec.cannot_cast(value, target, field)


class Cast(MapStage):
    """Cast the named top-level fields, or the whole key/value, to another type."""

    def apply(self, record):
        spec = self.spec
        if spec.whole is None:
            return MapStage.apply(self, record)
        data = record[self._side]
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return record
        out = cast_value(spec, data, spec.whole, None)
        return record if out is data else self._with(record, out)

    def apply_map(self, data):
        spec = self.spec
        out = dict(data)
        for field, target in spec.casts.items():
            out[field] = cast_value(spec, data.get(field), target, field)
        return out
