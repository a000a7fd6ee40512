"""Lookup — the pure-Python twin (the reference). Configuration: lookup.py."""

from __future__ import annotations

from .stage_py import MapStage

_MISS = object()


class Lookup(MapStage):
    """Write ``table[record[field]]`` (or the default) to ``target``."""

    def apply_map(self, data):
        spec = self.spec
        key = data.get(spec.field)
        if key is None:
            found = _MISS
        elif isinstance(key, str):
            found = spec.table.get(key, _MISS)
        elif isinstance(key, int) and not isinstance(key, bool):
            found = spec.int_table.get(key, _MISS)
        else:
            raise spec.wrong_field_type(spec.field, key, "str or int")
        if found is _MISS:
            if not spec.has_default:
                return data
            found = spec.default
        out = dict(data)
        out[spec.target] = found
        return out
