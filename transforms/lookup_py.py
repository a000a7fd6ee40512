"""Lookup — the pure-Python twin (the reference). Configuration: lookup.py."""

from __future__ import annotations

from .lookup import LookupSpec

_MISS = object()


class Lookup:
    """Write ``table[record[field]]`` (or the default) to ``target``."""

    def __init__(self, spec: LookupSpec):
        self.spec = spec

    def apply(self, record):
        spec = self.spec
        data = spec.operating_map(record)
        if data is None:
            return record
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
                return record
            found = spec.default
        out = dict(data)
        out[spec.target] = found
        return record.with_key(out) if spec.on_key else record.with_value(out)
