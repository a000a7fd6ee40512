"""The optional in-process cache of a Lookup's store: the last ``size`` keys looked up, each kept ``ttl_ms``.

Misses are cached too (as ``MISS``): a stream full of unknown keys would otherwise ask the store about each of them
every time, and a key's absence is as stable as its presence over the same TTL. Errors (a timeout, a lost
connection) are never cached: the next record asks again.
"""

from __future__ import annotations

import time
from collections import OrderedDict

#: What ``Cache.get`` gives for a key it does not hold (or holds no longer).
NOT_CACHED = object()

#: The cache's clock, in seconds; a module attribute so that a test can set the time instead of sleeping.
clock = time.monotonic


class Cache:
    """An LRU of ``size`` entries; with ``ttl_ms``, an entry older than that is gone (no TTL: kept until evicted)."""

    def __init__(self, size: int, ttl_ms: int | None):
        self.size = size
        self.ttl = ttl_ms / 1000 if ttl_ms is not None else None
        self._entries: OrderedDict = OrderedDict()  # key -> (expires at, or None; value)

    def get(self, key: str):
        entry = self._entries.get(key)
        if entry is None:
            return NOT_CACHED
        expires, value = entry
        if expires is not None and clock() >= expires:
            del self._entries[key]
            return NOT_CACHED
        self._entries.move_to_end(key)
        return value

    def put(self, key: str, value) -> None:
        self._entries[key] = (clock() + self.ttl if self.ttl is not None else None, value)
        self._entries.move_to_end(key)
        if len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
