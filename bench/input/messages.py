"""Where the benchmark's records come from: an Avro schema (seeded synthetic records, and keys from a key schema)
or a sample file (samples.py)."""

from __future__ import annotations

import gc
import json
import os
import tracemalloc
from pathlib import Path

import fastavro

from .avrogen import Generator
from .chainfile import DEFAULT_COUNT, ChainFile
from .samples import Source, held_in, read
from ..errors import BenchError

__all__ = ["Source", "load", "describe"]


def _read_schema(chain: ChainFile, key: str = "schema") -> dict:
    path = getattr(chain.messages, key)
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise chain.error(f"{key.replace('_', ' ')} file {str(path)!r} not found (paths are relative to the chain "
                          "file)", "messages", key) from None
    except json.JSONDecodeError as exc:
        raise BenchError(f"not valid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    try:
        fastavro.parse_schema(schema)
    except Exception as exc:  # fastavro raises SchemaParseException, UnknownType, ValueError...
        raise BenchError(f"not a valid Avro schema: {exc}", path=path) from None
    return schema


def _read_sample(chain: ChainFile) -> Source:
    path = chain.messages.sample
    if not path.is_file():
        raise chain.error(f"sample file {str(path)!r} not found (paths are relative to the chain file)",
                          "messages", "sample")
    fmt = chain.messages.format
    args = (chain.messages.key_delimiter, fmt if fmt in ("string", "bytes") else None)
    if chain.messages.count is None or chain.messages.count > _PROBE:
        _check_sample_memory(chain, path, args)
    return read(path, chain.messages.count, *args)


def _check_sample_memory(chain: ChainFile, path: Path, args: tuple) -> None:
    """Refuse, before reading it whole, a sample whose records would not fit in memory: how many it holds is told
    by the file's size over the bytes its first records take there (an Avro file's first block), their size in
    memory measured on the first few read (tracemalloc); ``messages.count``, when smaller, bounds them."""
    probe, held = _measured(lambda: read(path, _PROBE, *args))
    per_record = held / len(probe.values)
    in_file, records = held_in(path, _PROBE, args[0])
    size = path.stat().st_size
    holds = max(len(probe.values), round(size * records / in_file)) if in_file and records else len(probe.values)
    count = chain.messages.count
    if count is not None and count < holds:
        what, key = f"messages.count {count:,} of sample {path.name}", "count"
    else:
        what, key = f"messages.sample {path.name} ({_size(size)}, about {holds:,} records)", "sample"
    _check_fits(chain, min(holds, count or holds), per_record, what, key,
                lambda most: f"give messages.count: {most:,} or fewer (the file's first records)")


def load(chain: ChainFile) -> Source:
    """The records a run measures, as Python values (before any converter)."""
    if chain.messages.sample is not None:
        return _read_sample(chain)
    schema = _read_schema(chain)
    count = chain.messages.count or DEFAULT_COUNT
    try:
        if count > _PROBED:
            generator = Generator(fastavro.parse_schema(schema), chain.messages.seed)
            per_record = _measured(lambda: generator.records(_PROBE))[1] / _PROBE
            _check_fits(chain, count, per_record, f"messages.count {count:,}", "count", lambda most: (
                f"give at most {most:,} (a round times only what fits its budget; {DEFAULT_COUNT:,} is the default)"))
        values = Generator(fastavro.parse_schema(schema), chain.messages.seed).records(count)
    except ValueError as exc:
        raise BenchError(f"cannot generate records: {exc}", path=chain.messages.schema) from None
    source = Source(values, schema, [f"generated message {i + 1}" for i in range(count)])
    if chain.messages.key_schema is not None:
        source.key_schema = _read_schema(chain, "key_schema")
        source.keys = _keys(source.key_schema, schema, values, chain)
    return source


_PROBED = 20_000  # records up to this many are generated without asking: a few MB even for wide records
_PROBE = 200  # records made or read to measure what one takes in memory
_COPIES = 3  # the values, their wire bytes and the records decoded from them, beside a pass per transform


def available_memory() -> int:
    """Bytes this process can still take: the kernel's MemAvailable (free memory plus what the page cache gives
    back), else the free pages, whichever this system reports."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")


def _measured(make) -> tuple:
    """What ``make()`` returns, and the bytes it holds in memory (tracemalloc). A full collection first empties
    CPython's free lists: a dict or tuple taken from one is not traced, and once read 15% under on 200 records."""
    gc.collect()
    tracing = tracemalloc.is_tracing()  # already (python -X tracemalloc): measure the difference, and leave it on
    if not tracing:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    try:
        made = make()
        return made, tracemalloc.get_traced_memory()[0] - before
    finally:
        if not tracing:
            tracemalloc.stop()


def _check_fits(chain: ChainFile, count: int, per_record: float, what: str, key: str, give) -> None:
    """Refuse ``count`` records of about ``per_record`` bytes each in memory when they would take over half of
    what is available, times the copies the master keeps of each: one line at ``messages.<key>`` saying ``what``
    would take that, and ``give(most)``, the most that fit."""
    copies = _COPIES + len(chain.transforms)
    needed = per_record * count * copies
    available = available_memory()
    if needed > available / 2:
        most = int(available / 2 / (per_record * copies))
        raise chain.error(f"{what} would take about {_size(needed)} in memory (about {per_record:,.0f} bytes a "
                          f"record, each kept {copies} times), over half the {_size(available)} available: "
                          f"{give(most)}", "messages", key)


def _size(size: float) -> str:
    return f"{size / 2**30:,.1f} GB" if size >= 2**30 else f"{size / 2**20:,.1f} MB"


def _keys(key_schema, value_schema, values: list, chain: ChainFile) -> list:
    """A key per value, from the key schema (seeded apart from the values). A key field that the value has too,
    of the same type, holds the value's (a row's primary key, as Debezium keys it); a key of a primitive type is
    an id."""
    parsed = fastavro.parse_schema(key_schema)
    generator = Generator(parsed, chain.messages.seed + 1)
    try:
        if not (isinstance(parsed, dict) and parsed.get("type") == "record"):
            return [generator.value(parsed, "id", index) for index in range(len(values))]
        keys = generator.records(len(values))
    except ValueError as exc:
        raise BenchError(f"cannot generate keys: {exc}", path=chain.messages.key_schema) from None
    value_fields = {f["name"]: f["type"] for f in value_schema.get("fields", ())} if isinstance(value_schema, dict) \
        else {}
    shared = [f["name"] for f in key_schema["fields"] if value_fields.get(f["name"], object()) == f["type"]]
    for key, value in zip(keys, values):
        for name in shared:
            key[name] = value[name]
    return keys


def describe(chain: ChainFile, source: Source | None = None) -> str:
    """The records, in a few words: where from, what the sample file is, keys, tombstones, the format."""
    m = chain.messages
    if m.sample:
        kind = f" ({source.kind})" if source is not None and source.kind else ""
        origin = f"sample {Path(m.sample).name}{kind}"
    else:
        origin = f"generated from {Path(m.schema).name} (seed {m.seed})"
        if m.key_schema:
            origin += f", keys from {Path(m.key_schema).name}"
    if source is not None:
        with_what = [what for what, present in (("keys", source.keys is not None and m.sample),
                                                ("headers", source.headers), ("timestamps", source.meta)) if present]
        if with_what:
            origin += f" with {', '.join(with_what)}"
        if source.tombstones:
            origin += f", {source.tombstones:,} tombstones"
        origin += "".join(f"; {note}" for note in source.notes)
    return f"{origin}, format {m.format}"
