"""One connection to a Lookup's store (SQLite, Redis or PostgreSQL), with the store's own client library.

Every client answers ``get(key) -> value`` or ``MISS`` within the lookup's timeout, and turns its driver's errors
into three: ``StoreTimeout`` (no answer in time), ``StoreLost`` (the connection is gone; ``reconnect()`` makes a new
one) and ``StoreFailed`` (the store answered with an error, e.g. a wrong type). Values come as the driver gives
them: Redis strings decoded as UTF-8 text, SQL values as str, int, float, bool or None (a NULL in the row).
The drivers are imported when a store of theirs is first opened, so ``import transforms`` stays light.
"""

from __future__ import annotations

import math
import sqlite3
import time

#: What ``get`` gives for a key the store does not hold (no row, no Redis key).
MISS = object()

#: SQL value types written into a record as they come; others (Decimal, date, bytes, ...) are a StoreFailed.
_PLAIN = (str, int, float, bool, type(None))


class StoreError(Exception):
    """A lookup that did not get an answer; the message is the driver's, on one line."""


class StoreTimeout(StoreError):
    pass


class StoreLost(StoreError):
    pass


class StoreFailed(StoreError):
    pass


def one_line(exc: BaseException) -> str:
    """A driver's message on one line (PostgreSQL's carry LINE/HINT/CONTEXT lines after the first)."""
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def _plain(value, key: str):
    if not isinstance(value, _PLAIN):
        raise StoreFailed(f"the query gave a {type(value).__name__} for {key!r}; smtbench writes text, numbers, "
                          "booleans and null as they are: cast the column in the query (e.g. CAST(x AS TEXT))")
    return value


class SqliteClient:
    """A read-only connection to a SQLite file. The timeout interrupts a query that runs past it."""

    def __init__(self, path: str, query: str, timeout_ms: int):
        self.path, self.query, self.timeout = path, query, timeout_ms / 1000
        self._deadline = math.inf
        self.conn = None
        self.reconnect()

    def reconnect(self) -> None:
        self.close()
        try:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.timeout,
                                        check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreLost(f"cannot open {self.path}: {one_line(exc)}") from None
        # SQLite calls this every 1,000 virtual-machine steps; a true answer interrupts the query.
        self.conn.set_progress_handler(lambda: time.monotonic() > self._deadline, 1000)

    def probe(self) -> None:
        """Run the query once (with an empty key), so that a missing table or a wrong query shows now."""
        try:
            columns = self.conn.execute(self.query, ("",)).description
        except sqlite3.Error as exc:
            raise StoreFailed(one_line(exc)) from None
        if not columns:
            raise StoreFailed("the query gives no columns: it must SELECT the value as its first column")

    def get(self, key: str):
        self._deadline = time.monotonic() + self.timeout
        try:
            row = self.conn.execute(self.query, (key,)).fetchone()
        except sqlite3.OperationalError as exc:
            if time.monotonic() > self._deadline:
                raise StoreTimeout(one_line(exc)) from None
            raise StoreFailed(one_line(exc)) from None
        except sqlite3.Error as exc:
            raise StoreFailed(one_line(exc)) from None
        finally:
            self._deadline = math.inf
        return MISS if row is None else _plain(row[0], key)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class RedisClient:
    """One Redis connection (redis-py with hiredis), no retries of its own: Lookup decides when to reconnect."""

    def __init__(self, url: str, prefix: str, suffix: str, timeout_ms: int):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._errors = redis.exceptions
        self.prefix, self.suffix = prefix, suffix
        seconds = timeout_ms / 1000
        try:
            self.redis = redis.Redis.from_url(url, socket_timeout=seconds, socket_connect_timeout=seconds,
                                              retry=Retry(NoBackoff(), 0), single_connection_client=True)
        except (ValueError, self._errors.RedisError) as exc:
            raise self._translated(exc) from None

    def _translated(self, exc: Exception) -> StoreError:
        if isinstance(exc, self._errors.TimeoutError):
            return StoreTimeout(one_line(exc))
        if isinstance(exc, self._errors.ConnectionError):
            return StoreLost(one_line(exc))
        return StoreFailed(one_line(exc))

    def probe(self) -> None:
        """A PING: the server is there, and the URL's database and credentials are good."""
        try:
            self.redis.ping()
        except self._errors.RedisError as exc:
            raise self._translated(exc) from None

    def get(self, key: str):
        try:
            found = self.redis.get(self.prefix + key + self.suffix)
        except self._errors.RedisError as exc:
            if isinstance(exc, self._errors.TimeoutError):
                # a late answer must not be read as the next key's: start the next lookup on a new connection
                self.redis.connection.disconnect()
            raise self._translated(exc) from None
        if found is None:
            return MISS
        try:
            return found.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreFailed(f"the value of Redis key {self.prefix + key + self.suffix!r} is not UTF-8 text: "
                              f"{exc}") from None

    def reconnect(self) -> None:
        self.redis.connection.disconnect()  # the next command connects again
        self.probe()

    def close(self) -> None:
        self.redis.close()


class PostgresClient:
    """One PostgreSQL connection (psycopg 3, autocommit). The timeout is the server's ``statement_timeout``;
    connecting waits at least 2 s, libpq's shortest ``connect_timeout``."""

    def __init__(self, url: str, query: str, timeout_ms: int):
        import psycopg

        self._psycopg = psycopg
        self.url, self.query, self.timeout_ms = url, query, timeout_ms
        self.conn = None
        self.reconnect()

    def reconnect(self) -> None:
        self.close()
        try:
            self.conn = self._psycopg.connect(self.url, autocommit=True,
                                              connect_timeout=max(2, math.ceil(self.timeout_ms / 1000)),
                                              options=f"-c statement_timeout={self.timeout_ms}")
        except self._psycopg.Error as exc:
            raise StoreLost(one_line(exc)) from None

    def probe(self) -> None:
        """Run the query once (with an empty key), so that a missing table or a wrong query shows now. A data
        error is no fault of the query: an integer column cannot take the empty key, but takes '7'."""
        try:
            with self.conn.cursor() as cursor:
                cursor.execute(self.query, ("",))
                columns = cursor.description
        except self._psycopg.errors.QueryCanceled as exc:
            raise StoreTimeout(one_line(exc)) from None
        except self._psycopg.DataError:
            return
        except self._psycopg.Error as exc:
            raise StoreFailed(one_line(exc)) from None
        if not columns:
            raise StoreFailed("the query gives no columns: it must SELECT the value as its first column")

    def get(self, key: str):
        errors = self._psycopg.errors
        try:
            row = self.conn.execute(self.query, (key,)).fetchone()
        except errors.QueryCanceled as exc:
            raise StoreTimeout(one_line(exc)) from None
        except self._psycopg.Error as exc:
            if self.conn.closed:
                raise StoreLost(one_line(exc)) from None
            raise StoreFailed(one_line(exc)) from None
        return MISS if row is None else _plain(row[0], key)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
