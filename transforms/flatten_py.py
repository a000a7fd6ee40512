"""Flatten — the pure-Python twin (the reference). Configuration: flatten.py."""

from __future__ import annotations

from .flatten import bad_key, unsupported
from .stage_py import MapStage

# What Connect's ConnectSchema.schemaType knows without a schema (besides maps, which are flattened)
_KEPT = (str, int, float, bool, bytes, bytearray, list, tuple)


class Flatten(MapStage):
    """Nested maps of a schemaless key or value become top-level ``parent.child`` fields."""

    def apply_map(self, data):
        for name, value in data.items():
            if type(value) is dict or type(name) is not str or not (value is None or isinstance(value, _KEPT)):
                break
        else:
            return data  # nothing nested: Kafka's copy equals the input
        out = {}
        self._flatten(data, "", out)
        return out

    def _flatten(self, data, prefix, out):
        delimiter = self.spec.delimiter
        for name, value in data.items():
            if type(name) is not str:
                raise bad_key(self.spec, name)
            field = prefix + delimiter + name if prefix else name
            if isinstance(value, dict):
                self._flatten(value, field, out)
            elif value is None or isinstance(value, _KEPT):
                out[field] = value
            else:
                raise unsupported(self.spec, value, field)
