"""Lookup$Value from real stores (transforms/lookup_store.py): SQLite always; Redis and PostgreSQL against servers.

The servers come from SMTBENCH_REDIS_URL / SMTBENCH_POSTGRES_URL (.ci/run starts them), else this module starts its
own (tests/stores.py). Without them a developer's run skips, saying why; under CI (env CI set) it fails.
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from pathlib import Path

import pytest

import stores
from conftest import backend_or_skip
from transforms import ConfigError, DataError, Record, build_chain, lookup_store_cache
from transforms.chainspec import parse_chain

KINDS = ["sqlite", "redis", "postgresql"]
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COUNTRIES = {"DE": "Germany", "FR": "France", "7": "seven"}


def _server(kind: str, variable: str, start):
    url = os.environ.get(variable)
    if url:
        yield url
        return
    try:
        server = start()
    except (RuntimeError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"{kind} is needed in CI and could not start ({variable} unset): {exc}")
        pytest.skip(f"no {kind} server: set {variable} or install it ({exc})")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def redis_url():
    yield from _server("redis", "SMTBENCH_REDIS_URL", stores.start_redis)


@pytest.fixture(scope="session")
def postgres_url():
    yield from _server("postgresql", "SMTBENCH_POSTGRES_URL", stores.start_postgres)


class Store:
    """A fresh table (or Redis key space) of one kind, holding ``rows``; ``config`` is its ``store`` setting."""

    def __init__(self, kind: str, request, tmp_path: Path, rows: dict):
        self.kind = kind
        self.name = "t" + uuid.uuid4().hex[:10]
        if kind == "sqlite":
            self.path = tmp_path / f"{self.name}.sqlite"
            with sqlite3.connect(self.path) as db:
                db.execute("CREATE TABLE countries (code TEXT PRIMARY KEY, name)")
            self.config = {"url": f"sqlite:///{self.path}", "query": "SELECT name FROM countries WHERE code = ?"}
        elif kind == "redis":
            import redis
            self.url = request.getfixturevalue("redis_url")
            self.client = redis.Redis.from_url(self.url)
            request.addfinalizer(self.client.close)
            self.config = {"url": self.url, "key": f"{self.name}:{{}}"}
        else:
            import psycopg
            self.url = request.getfixturevalue("postgres_url")
            self.client = psycopg.connect(self.url, autocommit=True)
            request.addfinalizer(self.client.close)
            self.client.execute(f"CREATE TABLE {self.name} (code TEXT PRIMARY KEY, name TEXT)")
            self.config = {"url": self.url, "query": f"SELECT name FROM {self.name} WHERE code = %s"}
        for key, value in rows.items():
            self.set(key, value)

    def set(self, key: str, value) -> None:
        if self.kind == "sqlite":
            with sqlite3.connect(self.path) as db:
                db.execute("INSERT OR REPLACE INTO countries VALUES (?, ?)", (key, value))
            db.close()
        elif self.kind == "redis":
            self.client.set(f"{self.name}:{key}", value)
        else:
            self.client.execute(f"INSERT INTO {self.name} VALUES (%s, %s) ON CONFLICT (code) DO UPDATE SET "
                                "name = excluded.name", (key, value))


@pytest.fixture(params=KINDS)
def kind(request):
    return request.param


@pytest.fixture
def store(kind, request, tmp_path):
    return Store(kind, request, tmp_path, COUNTRIES)


def lookup(store_config, **settings):
    return {"alias": "country", "type": "Lookup$Value", "field": "country", "store": store_config, **settings}


def looked_up(chain, value):
    return chain.apply(Record("t", value)).value


def test_hit_writes_the_stores_value(make_chain, store):
    chain = make_chain(lookup(store.config, target="name"))
    assert looked_up(chain, {"country": "DE"}) == {"country": "DE", "name": "Germany"}
    assert looked_up(chain, {"country": "FR"}) == {"country": "FR", "name": "France"}


def test_miss_writes_the_default_or_leaves_the_record(make_chain, store):
    assert looked_up(make_chain(lookup(store.config, target="n", default="?")), {"country": "XX"}) == {
        "country": "XX", "n": "?"}
    record = Record("t", {"country": "XX"})
    assert make_chain(lookup(store.config, target="n")).apply(record) == record


@pytest.mark.parametrize("value", [{"country": None}, {}])
def test_null_or_missing_field_is_a_miss_without_a_lookup(make_chain, store, value):
    chain = make_chain(lookup(store.config, target="n", default="?"))
    assert looked_up(chain, value) == {**value, "n": "?"}


def test_integers_are_looked_up_by_their_decimal_string(make_chain, store):
    chain = make_chain(lookup(store.config, target="n"))
    assert looked_up(chain, {"country": 7}) == {"country": 7, "n": "seven"}
    assert looked_up(chain, {"country": 70}) == {"country": 70}


@pytest.mark.parametrize("key", [True, 7.0, [1]])
def test_other_field_types_are_data_errors(make_chain, store, key):
    with pytest.raises(DataError, match="field 'country' of the record value is .*, expected str or int"):
        make_chain(lookup(store.config)).apply(Record("t", {"country": key}))


def test_sql_values_come_as_the_driver_gives_them(make_chain, tmp_path):
    path = tmp_path / "v.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE v (k TEXT, n)")
        db.executemany("INSERT INTO v VALUES (?, ?)", [("i", 42), ("f", 1.5), ("null", None)])
    db.close()
    chain = make_chain(lookup({"url": f"sqlite:///{path}", "query": "SELECT n FROM v WHERE k = ?"}, target="n"))
    assert [looked_up(chain, {"country": key})["n"] for key in ("i", "f", "null")] == [42, 1.5, None]


def test_store_relative_to_base_dir(make_chain, tmp_path):
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        db.execute("CREATE TABLE c (code TEXT, name TEXT)")
        db.execute("INSERT INTO c VALUES ('DE', 'Germany')")
    db.close()
    chain = make_chain(lookup({"url": "sqlite:///c.sqlite", "query": "SELECT name FROM c WHERE code = ?"}),
                       base_dir=tmp_path)
    assert looked_up(chain, {"country": "DE"}) == {"country": "Germany"}


def test_the_cache_answers_until_the_entry_expires(make_chain, store, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(lookup_store_cache, "clock", lambda: now[0])
    chain = make_chain(lookup({**store.config, "cache": {"size": 10, "ttl_ms": 500}}, target="n"))
    assert looked_up(chain, {"country": "DE"})["n"] == "Germany"
    assert looked_up(chain, {"country": "XX"}) == {"country": "XX"}  # misses are cached too
    store.set("DE", "Deutschland")
    store.set("XX", "found later")
    now[0] += 0.499
    assert looked_up(chain, {"country": "DE"})["n"] == "Germany"
    assert looked_up(chain, {"country": "XX"}) == {"country": "XX"}
    now[0] += 0.001
    assert looked_up(chain, {"country": "DE"})["n"] == "Deutschland"
    assert looked_up(chain, {"country": "XX"})["n"] == "found later"


def test_the_cache_keeps_the_last_size_keys(make_chain, store):
    chain = make_chain(lookup({**store.config, "cache": {"size": 1}}, target="n"))
    looked_up(chain, {"country": "DE"})
    store.set("DE", "Deutschland")
    assert looked_up(chain, {"country": "DE"})["n"] == "Germany"  # no TTL: kept until evicted
    looked_up(chain, {"country": "FR"})
    assert looked_up(chain, {"country": "DE"})["n"] == "Deutschland"


@pytest.mark.parametrize("name", ["python", "cython"])
def test_the_twins_count_lookups_and_cache_hits(name, kind, request, tmp_path):
    store = Store(kind, request, tmp_path, COUNTRIES)
    chain = build_chain([lookup({**store.config, "cache": {"size": 10}}, target="n")], backend_or_skip(name))
    for country in ["DE", "DE", "XX", "XX", "FR", None, 7, 7]:
        chain.apply(Record("t", {"country": country}))
    twin = chain.stages[0]
    assert (twin.store.lookups, twin.store.cache_hits, twin.store.cache_misses) == (7, 3, 4)
    plain = build_chain([lookup(store.config)], name).stages[0]
    plain.apply(Record("t", {"country": "DE"}))
    assert (plain.store.lookups, plain.store.cache_hits, plain.store.cache_misses) == (1, 0, 1)
    twin.store.close()
    plain.store.close()


# Slow stores: a query that takes long for the key 'slow' only (parsing runs the query once, with an empty key).
SLOW_SQLITE = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < CASE WHEN ?1 = 'slow' "
               "THEN 1000000000 ELSE 1 END) SELECT max(x) FROM n")
SLOW_POSTGRES = ("SELECT k.v FROM (SELECT %s::text AS v) AS k, pg_sleep(CASE WHEN k.v = 'slow' THEN 5 ELSE 0 END)")


def slow_store(kind, request, tmp_path):
    """A store config whose lookup of 'slow' takes seconds; for Redis, the proxy that can be made slow."""
    if kind == "sqlite":
        (tmp_path / "empty.sqlite").touch()
        return {"url": f"sqlite:///{tmp_path / 'empty.sqlite'}", "query": SLOW_SQLITE}, None
    if kind == "postgresql":
        return {"url": request.getfixturevalue("postgres_url"), "query": SLOW_POSTGRES}, None
    url = request.getfixturevalue("redis_url")
    proxy = stores.DelayProxy(int(url.rsplit(":", 1)[1].split("/")[0]))
    request.addfinalizer(proxy.close)
    return {"url": f"redis://127.0.0.1:{proxy.port}/0", "key": "slow:{}"}, proxy


def test_a_timeout_is_a_data_error_naming_the_field(make_chain, kind, request, tmp_path):
    config, proxy = slow_store(kind, request, tmp_path)
    chain = make_chain(lookup({**config, "timeout_ms": 50}, target="n", default="?"))
    answered = looked_up(chain, {"country": "fast"})["n"]
    if proxy is not None:
        proxy.delay_ms = 300
    with pytest.raises(DataError, match=r"transform 'country' \(Lookup\$Value\): field 'country': lookup timed "
                                        r"out after 50 ms") as caught:
        chain.apply(Record("t", {"country": "slow"}))
    assert caught.value.field == "country"
    if proxy is not None:
        proxy.delay_ms = 0
    assert looked_up(chain, {"country": "fast"})["n"] == answered  # the next lookup is answered


def test_under_errors_tolerance_all_a_timeout_skips_the_record(backend, tmp_path):
    (tmp_path / "empty.sqlite").touch()
    config = {"url": "sqlite:///empty.sqlite", "query": SLOW_SQLITE, "timeout_ms": 20}
    spec = parse_chain([lookup(config, target="n")], base_dir=tmp_path, errors_tolerance="all")
    chain = build_chain(spec, backend)
    assert chain.apply(Record("t", {"country": "slow"})) is None
    assert chain.apply(Record("t", {"country": "fast"})).value == {"country": "fast", "n": 1}
    assert chain.skipped == [1]


@pytest.mark.parametrize("kind", ["redis", "postgresql"])
def test_a_lost_connection_is_made_again_once_then_a_data_error(make_chain, kind, request, tmp_path):
    store = Store(kind, request, tmp_path, COUNTRIES)
    proxy = stores.DelayProxy(int(store.url.rsplit(":", 1)[1].split("/")[0]))
    request.addfinalizer(proxy.close)
    proxied = re.sub(r":\d+/", f":{proxy.port}/", store.url)
    chain = make_chain(lookup({**store.config, "url": proxied}, target="n"))
    assert looked_up(chain, {"country": "DE"})["n"] == "Germany"
    proxy.cut()  # the connection drops; the store is still there
    assert looked_up(chain, {"country": "FR"})["n"] == "France"
    proxy.close()  # now the store is gone
    with pytest.raises(DataError, match=r"transform 'country' \(Lookup\$Value\): field 'country': lost the "
                                        r"connection to .*, and could not connect again"):
        chain.apply(Record("t", {"country": "DE"}))


def test_a_store_delayed_in_the_server_answers_as_it_would(make_chain, request):
    """tests/stores.postgres_countries: the seed's 1 ms lookup (its timing is for benchmarks, not tests)."""
    config = stores.postgres_countries(request.getfixturevalue("postgres_url"), COUNTRIES, delay_ms=1,
                                       table="t" + uuid.uuid4().hex[:10])
    chain = make_chain(lookup(config, target="n"))
    assert looked_up(chain, {"country": "DE"})["n"] == "Germany"
    assert looked_up(chain, {"country": "XX"}) == {"country": "XX"}


def closed_port() -> int:
    return stores.free_port()


@pytest.mark.parametrize("setting, message", [
    ("not a mapping", r"'store' must be a mapping"),
    ({"query": "SELECT 1"}, r"'store' needs a 'url'"),
    ({"url": "mysql://db/x", "query": "SELECT 1"}, r"unknown store 'mysql' in url"),
    ({"url": "sqlite:///c.sqlite", "query": "SELECT 1", "timeout": 5}, r"unknown store setting 'timeout'; did "
                                                                       r"you mean 'timeout_ms'\?"),
    ({"url": "sqlite:///nope.sqlite", "query": "SELECT 1"}, r"SQLite file 'nope.sqlite' not found"),
    ({"url": "sqlite:///c.sqlite"}, r"a sqlite store needs a 'query' with one parameter \(\?\)"),
    ({"url": "sqlite:///c.sqlite", "query": "SELECT name FROM nope WHERE code = ?"},
     r"the query failed on .*c.sqlite: no such table: nope"),
    ({"url": "sqlite:///c.sqlite", "query": "SELEC name FROM c WHERE code = ?"},
     r"the query failed on .*c.sqlite: near \"SELEC\": syntax error"),
    ({"url": "sqlite:///c.sqlite", "query": "SELECT name FROM c"}, r"the query failed on .*: Incorrect number of "
                                                                   r"bindings supplied"),
    ({"url": "sqlite:///c.sqlite", "query": "SELECT 1", "timeout_ms": 0}, r"timeout_ms must be a whole number"),
    ({"url": "sqlite:///c.sqlite", "query": "SELECT 1", "cache": {"ttl_ms": 5}}, r"cache must be a mapping"),
    ({"url": "redis://127.0.0.1:6379/0", "key": "country"}, r"key template 'country' must hold '\{\}' once"),
    ({"url": "redis://127.0.0.1:6379/0", "query": "GET"}, r"a Redis store takes 'key'"),
    ({"url": "redis://u:secret@127.0.0.1:{closed}/0"}, r"cannot connect to redis://u:\[hidden\]@127.0.0.1"),
    ({"url": "postgresql://smtbench@127.0.0.1:{closed}/postgres", "query": "SELECT %s"},
     r"cannot connect to postgresql://smtbench@127.0.0.1:\d+/postgres: connection failed: .*Connection refused"),
])
def test_bad_stores_are_config_errors_naming_store(backend, tmp_path, setting, message):
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        db.execute("CREATE TABLE c (code TEXT, name TEXT)")
    db.close()
    if isinstance(setting, dict):
        setting = {key: value.replace("{closed}", str(closed_port())) if key == "url" else value
                   for key, value in setting.items()}
    with pytest.raises(ConfigError, match=message) as caught:
        build_chain([lookup(setting)], backend, base_dir=tmp_path)
    assert (caught.value.alias, caught.value.key) == ("country", "store")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("kind, query, message", [
    ("postgresql", "SELECT name FROM nope WHERE code = %s", r'relation "nope" does not exist'),
    ("postgresql", "SELECT nope FROM {table} WHERE code = %s", r'column "nope" does not exist'),
    ("postgresql", "SELECT name FROM {table}", r"the query has 0 placeholders but 1 parameters were passed"),
])
def test_bad_server_queries_are_config_errors(backend, kind, request, tmp_path, query, message):
    store = Store(kind, request, tmp_path, {})
    with pytest.raises(ConfigError, match=f"the query failed on .*: {message}") as caught:
        build_chain([lookup({**store.config, "query": query.format(table=store.name)})], backend)
    assert caught.value.key == "store" and "\n" not in str(caught.value)


def test_table_and_store_are_exclusive(backend, store):
    with pytest.raises(ConfigError, match="either 'table' .* or 'store'") as caught:
        build_chain([lookup(store.config, table={"DE": "x"})], backend)
    assert caught.value.key == "store"
    with pytest.raises(ConfigError, match="missing required setting 'table'.*or 'store'"):
        build_chain([{"type": "Lookup$Value", "field": "country"}], backend)


def test_an_unreachable_store_is_one_line_and_exit_2(tmp_path, capfd):
    from bench.cli import main

    (tmp_path / "order.avsc").write_text((EXAMPLES / "order.avsc").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "chain.yaml"
    path.write_text("name: t\nmessages:\n  schema: order.avsc\n  count: 10\ntransforms:\n"
                    "  - alias: c\n    type: Lookup$Value\n    field: country\n"
                    f"    store: {{url: 'redis://127.0.0.1:{closed_port()}/0', key: 'country:{{}}'}}\n",
                    encoding="utf-8")
    assert main([str(path), "--quick", "--out", str(tmp_path / "run")]) == 2
    lines = [line for line in capfd.readouterr().err.splitlines() if line]
    assert len(lines) == 1 and re.search(r"chain.yaml:9: transform 'c' \(Lookup\$Value\): cannot connect to "
                                         r"redis://127.0.0.1:\d+/0", lines[0]), lines
    assert not (tmp_path / "run").exists()


def test_the_sqlite_example_holds_the_csv_table():
    """examples/countries.sqlite is examples/countries.csv as a SQLite table (the example chain's store)."""
    table = dict(line.split(",", 1) for line in (EXAMPLES / "countries.csv").read_text().splitlines()[1:] if line)
    with sqlite3.connect(f"file:{EXAMPLES / 'countries.sqlite'}?mode=ro", uri=True) as db:
        assert dict(db.execute("SELECT code, name FROM countries")) == table
    db.close()


def test_the_bench_measures_a_delayed_lookup_as_waiting_not_working(request, tmp_path):
    """The seed's 1 ms lookup through the bench: the store's wait holds the task (wall time) but costs little CPU,
    so the run says the chain waits, and sizes cores from CPU time."""
    import csv
    import json
    import subprocess
    import sys

    with (EXAMPLES / "countries.csv").open(encoding="utf-8") as handle:  # every code the records hold: pg_sleep
        rows = {row["key"]: row["value"] for row in csv.DictReader(handle)}  # runs only for a row that matches
    config = stores.postgres_countries(request.getfixturevalue("postgres_url"), rows, delay_ms=1,
                                       table="t" + uuid.uuid4().hex[:10])
    (tmp_path / "order.avsc").write_text((EXAMPLES / "order.avsc").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "chain.yaml").write_text(
        "name: slow\nmessages: {schema: order.avsc, count: 100}\nbackends: [python]\ntransforms:\n"
        f"  - {{alias: country, type: Lookup$Value, field: country, default: '?', store: {json.dumps(config)}}}\n",
        encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-m", "bench", "chain.yaml", "--quick", "--json", "--out", "run"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get(
                              "PYTHONPATH")]))})
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    chain = next(s for s in summary["stages"] if s["stage"] == "chain")
    assert chain["ns_per_record"]["median"] > 1_000_000  # the server waits 1 ms per lookup
    assert chain["cpu_ns_per_record"]["median"] < 0.3 * chain["ns_per_record"]["median"]
    assert all(ratio > 1.1 for ratio in chain["wall_over_cpu"])
    assert any(line.startswith("The chain waits:") for line in summary["decision"]["verdict"])
