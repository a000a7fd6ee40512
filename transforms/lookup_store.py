"""Lookup from a store (SQLite, Redis, PostgreSQL) instead of a table: its configuration, checked at parse time,
and the per-twin ``LookupStore`` that both twins call (pure Python, so the twins cannot drift apart).

In a chain file::

    store: {url: "sqlite:///countries.sqlite", query: "SELECT name FROM countries WHERE code = ?"}
    store: {url: "redis://127.0.0.1:6379/0", key: "country:{}", timeout_ms: 50, cache: {size: 10000, ttl_ms: 60000}}
    store: {url: "postgresql://app@db:5432/shop", query: "SELECT name FROM countries WHERE code = %s"}

``url``: ``sqlite:///relative/or/absolute.db`` (relative to the chain file, as ``table`` is; four slashes for an
absolute path), ``redis://`` (or ``rediss://``), ``postgresql://`` (or ``postgres://``). ``query`` (SQL stores):
one parameter, the key (``?`` for SQLite, ``%s`` for psycopg); the first column of the first row is the value.
``key`` (Redis): the key's template, ``{}`` standing for the looked-up value (default ``{}``). ``timeout_ms``:
per lookup (default 100). ``cache``: ``{size: N, ttl_ms: T}``, an in-process LRU (lookup_store_cache.py).

Parsing connects once with the timeout and runs the query (or a Redis PING), so an unreachable store, a wrong query
or a missing table is a ConfigError naming ``store`` before anything is measured. Each built twin then opens its own
connection (a Connect task's own), and the lookup's results are defined for every outcome: a miss is the table's
miss (``default``, else the record unchanged); a timeout is a DataError; a lost connection is made again once, and
if that fails too, a DataError. Under ``errors.tolerance=all`` the chain skips such records, as Connect does.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .errors import ConfigError
from .lookup_store_cache import NOT_CACHED, Cache
from .lookup_store_clients import (MISS, PostgresClient, RedisClient, SqliteClient, StoreError, StoreFailed,
                                   StoreLost, StoreTimeout)

__all__ = ["MISS", "LookupStore", "StoreSettings", "parse_store"]

#: The URL schemes a store may have, by the kind of store they name.
SCHEMES = {"sqlite": "sqlite", "redis": "redis", "rediss": "redis", "postgresql": "postgresql",
           "postgres": "postgresql"}
DEFAULT_TIMEOUT_MS = 100
_KEYS = ("url", "key", "query", "timeout_ms", "cache")
_CACHE_KEYS = ("size", "ttl_ms")


@dataclass(frozen=True)
class StoreSettings:
    """A parsed ``store`` setting: plain data (it pickles), from which each twin opens its own connection."""

    kind: str  # "sqlite", "redis" or "postgresql"
    url: str  # as given
    where: str  # how messages name the store: the URL with any password hidden, or the SQLite file
    address: str  # what the client opens: the SQLite file's absolute path, else the URL
    query: str  # SQL stores
    key_prefix: str  # Redis: the key template's text before and after its "{}"
    key_suffix: str
    timeout_ms: int
    cache_size: int  # 0: no cache
    cache_ttl_ms: int | None  # None: cached entries are kept until evicted


def open_client(settings: StoreSettings):
    """A new connection to the store (StoreError when it cannot be made)."""
    if settings.kind == "sqlite":
        return SqliteClient(settings.address, settings.query, settings.timeout_ms)
    if settings.kind == "redis":
        return RedisClient(settings.address, settings.key_prefix, settings.key_suffix, settings.timeout_ms)
    return PostgresClient(settings.address, settings.query, settings.timeout_ms)


class LookupStore:
    """One twin's store: its connection, its cache, and what it counted (``lookups``: keys looked up;
    ``cache_hits``: answered by the cache; ``cache_misses``: sent to the store, every lookup when there is no
    cache)."""

    def __init__(self, spec):
        self.spec = spec
        self.settings = settings = spec.store
        try:
            self.client = open_client(settings)
        except StoreError as exc:  # it answered at parse time: say it went away since
            raise ConfigError(f"cannot connect to {settings.where}: {exc}", key="store", alias=spec.alias,
                              type_name=spec.type_name) from None
        self.cache = Cache(settings.cache_size, settings.cache_ttl_ms) if settings.cache_size else None
        self.lookups = self.cache_hits = self.cache_misses = 0

    def find(self, key):
        """The store's value for a record's (non-null) ``key``, or MISS. A str is looked up as it is, an int by
        its decimal string; any other type is a DataError, as in a table."""
        if isinstance(key, str):
            text = key
        elif isinstance(key, int) and not isinstance(key, bool):
            text = str(key)
        else:
            raise self.spec.wrong_field_type(self.spec.field, key, "str or int")
        self.lookups += 1
        cache = self.cache
        if cache is not None:
            found = cache.get(text)
            if found is not NOT_CACHED:
                self.cache_hits += 1
                return found
        self.cache_misses += 1
        found = self._read(text)
        if cache is not None:
            cache.put(text, found)
        return found

    def _read(self, text: str):
        spec, settings = self.spec, self.settings
        try:
            try:
                return self.client.get(text)
            except StoreLost:
                self.client.reconnect()
                return self.client.get(text)
        except StoreTimeout:
            message = f"lookup timed out after {settings.timeout_ms} ms ({settings.where})"
        except StoreLost as exc:
            message = f"lost the connection to {settings.where}, and could not connect again: {exc}"
        except StoreFailed as exc:
            message = f"lookup in {settings.where} failed: {exc}"
        raise spec.data_error(f"field {spec.field!r}: {message}", field=spec.field)

    def close(self) -> None:
        self.client.close()


def parse_store(cfg) -> StoreSettings:
    """The ``store`` setting of a Lookup (module docstring), checked against the store itself."""
    given = cfg.raw("store")
    if not isinstance(given, dict):
        raise cfg.error("store", "'store' must be a mapping, e.g. {url: \"sqlite:///countries.sqlite\", query: "
                                 "\"SELECT name FROM countries WHERE code = ?\"}")
    for name in given:
        if name not in _KEYS:
            close = difflib.get_close_matches(str(name), _KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"it takes {', '.join(_KEYS)}"
            raise cfg.error("store", f"unknown store setting {name!r}; {hint}")
    url = given.get("url")
    if not isinstance(url, str) or not url.strip():
        raise cfg.error("store", "'store' needs a 'url': sqlite:///file.db, redis://host:6379/0 or "
                                 "postgresql://user@host:5432/db")
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    kind = SCHEMES.get(scheme)
    if kind is None:
        raise cfg.error("store", f"unknown store {url.split(':', 1)[0]!r} in url {_hidden(url)!r}; the url must "
                                 "start with sqlite:///, redis://, rediss://, postgresql:// or postgres://")
    timeout_ms = _positive_int(cfg, given, "timeout_ms", DEFAULT_TIMEOUT_MS)
    cache_size, cache_ttl_ms = _cache(cfg, given.get("cache"))
    query, prefix, suffix = _query_or_key(cfg, given, kind)
    where = address = url
    if kind == "sqlite":
        address = where = str(_sqlite_path(cfg, url))
    else:
        where = _hidden(url)
    settings = StoreSettings(kind, url, where, address, query, prefix, suffix, timeout_ms, cache_size, cache_ttl_ms)
    _probe(cfg, settings)
    return settings


def _query_or_key(cfg, given: dict, kind: str) -> tuple[str, str, str]:
    if kind == "redis":
        if "query" in given:
            raise cfg.error("store", "a Redis store takes 'key' (the key's template, e.g. \"country:{}\"), not "
                                     "'query'")
        template = given.get("key", "{}")
        if not isinstance(template, str) or template.count("{}") != 1:
            raise cfg.error("store", f"the Redis key template {template!r} must hold '{{}}' once, where the "
                                     "looked-up value goes (e.g. \"country:{}\")")
        prefix, suffix = template.split("{}")
        return "", prefix, suffix
    if "key" in given:
        raise cfg.error("store", f"a {kind} store takes 'query', not 'key' (which is for Redis)")
    query = given.get("query")
    mark = "?" if kind == "sqlite" else "%s"
    if not isinstance(query, str) or not query.strip():
        raise cfg.error("store", f"a {kind} store needs a 'query' with one parameter ({mark}) for the key, e.g. "
                                 f"\"SELECT name FROM countries WHERE code = {mark}\"")
    return query, "", ""


def _sqlite_path(cfg, url: str) -> Path:
    if not url.lower().startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise cfg.error("store", f"a SQLite url is sqlite:///relative/path.db or sqlite:////absolute/path.db, "
                                 f"found {url!r}")
    return cfg.existing_file("store", url[len("sqlite:///"):], "SQLite file").resolve()


def _positive_int(cfg, given: dict, name: str, default):
    value = given.get(name, default)
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise cfg.error("store", f"{name} must be a whole number of at least 1, found {value!r}")
    return value


def _cache(cfg, given) -> tuple[int, int | None]:
    if given is None:
        return 0, None
    if not isinstance(given, dict) or "size" not in given:
        raise cfg.error("store", f"cache must be a mapping {{size: N, ttl_ms: T}} (ttl_ms optional), found {given!r}")
    for name in given:
        if name not in _CACHE_KEYS:
            raise cfg.error("store", f"unknown cache setting {name!r}; it takes size and ttl_ms")
    return _positive_int(cfg, given, "size", None), _positive_int(cfg, given, "ttl_ms", None)


def _probe(cfg, settings: StoreSettings) -> None:
    """Connect with the lookup's timeout and run the query once (a PING for Redis), then let go."""
    client = None
    try:
        client = open_client(settings)
        client.probe()
    except StoreTimeout as exc:
        raise cfg.error("store", f"{settings.where} did not answer within {settings.timeout_ms} ms: {exc}") from None
    except StoreLost as exc:
        raise cfg.error("store", f"cannot connect to {settings.where}: {exc}") from None
    except StoreFailed as exc:
        what = "the query failed" if settings.kind != "redis" else "the server refused a PING"
        raise cfg.error("store", f"{what} on {settings.where}: {exc}") from None
    finally:
        if client is not None:
            client.close()


def _hidden(url: str) -> str:
    """``url`` with its password, if any, shown as [hidden] (messages and reports never show one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:[hidden]@{netloc[1]}"))
