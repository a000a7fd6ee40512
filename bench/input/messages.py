"""Where the benchmark's records come from: an Avro schema (seeded synthetic records) or a sample file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import fastavro
import orjson

from .avrogen import Generator
from .chainfile import DEFAULT_COUNT, ChainFile
from ..errors import BenchError


@dataclass
class Source:
    values: list  # record values, as Python objects
    schema: dict | None  # the Avro schema of the values, when there is one
    origins: list[str]  # where each value came from, for error messages


def _read_schema(chain: ChainFile) -> dict:
    path = chain.messages.schema
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise chain.error(f"schema file {str(path)!r} not found (paths are relative to the chain file)",
                          "messages", "schema") from None
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
    with path.open("rb") as handle:
        magic = handle.read(4)
    limit = chain.messages.count
    if magic == b"Obj\x01":  # an Avro object container file
        try:
            with path.open("rb") as handle:
                reader = fastavro.reader(handle)
                schema = reader.writer_schema
                values = []
                for record in reader:
                    values.append(record)
                    if limit and len(values) == limit:
                        break
        except Exception as exc:
            raise BenchError(f"cannot read the Avro container file: {exc}", path=path) from None
        return Source(values, schema, [f"{path} record {i + 1}" for i in range(len(values))])
    values, origins = [], []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                values.append(orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                raise BenchError(f"not a JSON value: {exc} (a sample is one JSON value per line, as "
                                 "kcat -e -f '%s\\n' writes)", path=path, line=number) from None
            origins.append(f"{path}:{number}")
            if limit and len(values) == limit:
                break
    if not values:
        raise BenchError("the sample file holds no records", path=path)
    return Source(values, None, origins)


def load(chain: ChainFile) -> Source:
    """The records a run measures, as Python values (before any converter)."""
    if chain.messages.sample is not None:
        return _read_sample(chain)
    schema = _read_schema(chain)
    count = chain.messages.count or DEFAULT_COUNT
    try:
        values = Generator(fastavro.parse_schema(schema), chain.messages.seed).records(count)
    except ValueError as exc:
        raise BenchError(f"cannot generate records: {exc}", path=chain.messages.schema) from None
    return Source(values, schema, [f"generated message {i + 1}" for i in range(count)])


def describe(chain: ChainFile) -> str:
    m = chain.messages
    origin = f"sample {Path(m.sample).name}" if m.sample else f"generated from {Path(m.schema).name} (seed {m.seed})"
    return f"{origin}, format {m.format}"
