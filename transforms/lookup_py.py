"""Lookup — the pure-Python twin (the reference). Configuration: lookup.py; stores: lookup_store.py."""

from __future__ import annotations

from .lookup_store import MISS, LookupStore
from .stage_py import MapStage


class Lookup(MapStage):
    """Write ``table[record[field]]`` (or the store's value, or the default) to ``target``. With a store, the twin
    holds its own connection and counts (``store``: lookup_store.LookupStore)."""

    def __init__(self, spec):
        super().__init__(spec)
        self.store = LookupStore(spec) if spec.store is not None else None

    def apply_map(self, data):
        spec = self.spec
        key = data.get(spec.field)
        if key is None:
            found = MISS
        elif self.store is not None:
            found = self.store.find(key)
        elif isinstance(key, str):
            found = spec.table.get(key, MISS)
        elif isinstance(key, int) and not isinstance(key, bool):
            found = spec.int_table.get(key, MISS)
        else:
            raise spec.wrong_field_type(spec.field, key, "str or int")
        if found is MISS:
            if not spec.has_default:
                return data
            found = spec.default
        out = dict(data)
        out[spec.target] = found
        return out
