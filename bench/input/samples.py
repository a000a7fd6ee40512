"""Sample files of real records, recognised per file (never line by line), and what a run's records are.

- An Avro object container file (it starts with ``Obj\\x01``): values, with the file's writer schema.
- ``kcat -J`` envelopes, one per line: the file's first record is a JSON object holding kcat's fields ``topic``,
  ``partition``, ``offset``, ``key`` and ``payload`` (kcat also writes ``broker``, and ``tstype`` / ``ts`` when the
  message has a timestamp, ``headers`` when it has any). Every line must then be one. ``payload`` is the message's
  bytes as a JSON string (its text is read as JSON, as JsonConverter reads the value) or, from ``kcat -s
  value=avro``, the decoded value itself; ``null`` is a tombstone. ``headers`` is kcat's list ``[name, value, ...]``
  (or its map ``{name: [value, ...]}``), values strings or ``null``.
- ``kcat -K'\\t'`` lines, ``key<TAB>value``: every line holds a tab, and some line is not one JSON value on its own
  (or ``messages.key_delimiter`` names the delimiter, and the file is read so without looking). A line splits at
  its first delimiter. An empty side (what kcat prints for a null key or payload) or ``NULL`` (``kcat -Z``) is null.
- Otherwise JSON lines of values, as ``kcat -e -f '%s\\n'`` writes them: a blank line, ``null`` or ``NULL`` is a
  tombstone. A line holding a kcat -J envelope there is an error: an envelope is never taken as a value.

A kcat key is text. When every key of the file is JSON text the keys are JSON values (JsonConverter reads them),
else they are the text itself (StringConverter reads them): a connector whose key.converter were JsonConverter
would fail on such a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import fastavro
import orjson

from ..errors import BenchError

KCAT_FIELDS = ("topic", "partition", "offset", "key", "payload")
_NULL = b"NULL"  # kcat -Z's null key or payload
_LINES = "one JSON value per line (kcat -e -f '%s\\n'), a kcat -J envelope per line, or kcat -K'\\t' lines"


@dataclass
class Source:
    """The records of a run, as Python values before any converter, with what each came with."""

    values: list  # record values (None: a tombstone)
    schema: dict | None  # the Avro schema of the values, when there is one
    origins: list[str]  # where each record came from, for error messages
    keys: list | None = None  # the key of each record (None: no keys at all)
    headers: list | None = None  # per record, a tuple of (name, str or None); None: no headers at all
    meta: list | None = None  # per record (partition, offset, timestamp or None) as the file gives them
    key_schema: dict | None = None  # the Avro schema of the keys (generated keys)
    key_text: bool = False  # the keys are text (StringConverter), not JSON
    topic: str | None = None  # the envelopes' topic
    kind: str = ""  # what the sample file is, for the run's description
    notes: list = field(default_factory=list)  # said with the run's description

    @property
    def tombstones(self) -> int:
        return sum(value is None for value in self.values)


def read(path: Path, limit: int | None, key_delimiter: str | None = None, raw: str | None = None) -> Source:
    """The first ``limit`` records of the sample file (all without a limit). ``raw`` (``"string"`` or ``"bytes"``,
    for StringConverter or ByteArrayConverter values) takes each value as the message's own text or bytes, not as
    JSON text."""
    value_of = _json_text if raw is None else _raw_text if raw == "string" else _raw_bytes
    if _avro_container(path, key_delimiter):
        return _avro(path, limit)
    lines = _lines(path, limit)
    if key_delimiter is not None:
        source = _kcat_k(path, lines, key_delimiter.encode("utf-8"), limit, value_of)
    else:
        first = next(((number, line) for number, line in lines if line.strip()), None)
        if first is not None and _envelope(first[1]) is not None:
            source = _kcat_j(path, lines, limit, value_of)
        elif lines and all(b"\t" in line for _, line in lines if line) and not all(
                _is_json(line) for _, line in lines if line.strip()):
            source = _kcat_k(path, lines, b"\t", limit, value_of)
        else:
            source = _values(path, lines, limit, value_of)
    if not source.values:
        raise BenchError("the sample file holds no records", path=path)
    return source


def held_in(path: Path, records: int, key_delimiter: str | None = None) -> tuple[int, int]:
    """(bytes, records): the bytes of the file holding its first records, and how many those are, to tell how many
    the whole file holds without reading it: an Avro container file's first block, else the lines holding the
    first ``records`` records as ``read`` takes them (line ends counted as one byte)."""
    if not _avro_container(path, key_delimiter):
        lines = _lines(path, records)
        return sum(len(line) + 1 for _, line in lines), sum(1 for _, line in lines if line.strip())
    try:
        with path.open("rb") as handle:
            block = next(fastavro.block_reader(handle), None)
    except Exception as exc:
        raise BenchError(f"cannot read the Avro container file: {exc}", path=path) from None
    return (block.size, block.num_records) if block is not None else (0, 0)


def _avro_container(path: Path, key_delimiter: str | None) -> bool:
    """Whether ``read`` takes the file as an Avro object container file (it starts with ``Obj\\x01``)."""
    with path.open("rb") as handle:
        return handle.read(4) == b"Obj\x01" and key_delimiter is None


def _avro(path: Path, limit: int | None) -> Source:
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
    return Source(values, schema, [f"{path} record {i + 1}" for i in range(len(values))], kind="Avro container")


def _lines(path: Path, limit: int | None) -> list[tuple[int, bytes]]:
    """(line number, line without its end) up to ``limit`` lines that are not blank (blank ones kept)."""
    lines, filled = [], 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip(b"\n").rstrip(b"\r")
            lines.append((number, line))
            filled += bool(line.strip())
            if limit and filled == limit:
                break
    return lines


def _is_json(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _envelope(line: bytes):
    """The line as a kcat -J envelope, or None when it is not one."""
    try:
        found = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return found if isinstance(found, dict) and all(name in found for name in KCAT_FIELDS) else None


def _values(path: Path, lines: list, limit: int | None, value_of) -> Source:
    values, origins = [], []
    for number, line in lines:
        text = line.strip()
        if not text or text == _NULL:
            value = None
        else:
            if value_of is not _json_text:  # StringConverter's or ByteArrayConverter's: the line itself
                value = value_of(line, "value", path, number)
            else:
                try:
                    value = orjson.loads(text)
                except orjson.JSONDecodeError as exc:
                    raise BenchError(f"not a JSON value: {exc} (a sample holds {_LINES})", path=path,
                                     line=number) from None
            if isinstance(value, dict) and all(name in value for name in KCAT_FIELDS):
                raise BenchError("a kcat -J envelope among JSON values (line 1 is not one): a sample holds one "
                                 "format, and an envelope is never taken as a value", path=path, line=number)
        values.append(value)
        origins.append(f"{path}:{number}")
        if limit and len(values) == limit:
            break
    kind = "JSON values" if value_of is _json_text else "lines of text" if value_of is _raw_text else "lines of bytes"
    return Source(values, None, origins, kind=kind)


def _raw_text(text: str | bytes, what: str, path: Path, number: int) -> str:
    return text if isinstance(text, str) else text.decode("utf-8", "replace")


def _raw_bytes(text: str | bytes, what: str, path: Path, number: int) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)


def _json_text(text: str | bytes, what: str, path: Path, number: int):
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise BenchError(f"the {what} is not JSON text ({exc}); the value converter (JsonConverter) could not "
                         "read it", path=path, line=number) from None


def _kcat_j(path: Path, lines: list, limit: int | None, value_of) -> Source:
    values, keys, headers, meta, origins, topics = [], [], [], [], [], {}
    for number, line in lines:
        if not line.strip():
            continue
        envelope = _envelope(line)
        if envelope is None:
            raise BenchError(f"not a kcat -J envelope (a JSON object with {', '.join(KCAT_FIELDS)}), though the "
                             "file's first record is: a sample holds one format", path=path, line=number)
        for side in ("key", "payload"):  # kcat -s ...=avro could not decode it, and wrote null
            if f"{side}_error" in envelope:
                raise BenchError(f"kcat could not decode this message's {side}: {envelope[f'{side}_error']}",
                                 path=path, line=number)
        topic, partition, offset = envelope["topic"], envelope["partition"], envelope["offset"]
        timestamp = envelope.get("ts") if envelope.get("tstype", "create") != "unknown" else None
        for name, item, kind in (("topic", topic, str), ("partition", partition, int), ("offset", offset, int),
                                 ("ts", timestamp, (int, type(None)))):
            if not isinstance(item, kind) or isinstance(item, bool):
                raise BenchError(f"the envelope's {name!r} is {item!r}, not what kcat writes", path=path, line=number)
        payload = envelope["payload"]
        values.append(value_of(payload, "payload", path, number) if isinstance(payload, str) else payload)
        keys.append(envelope["key"])
        headers.append(_headers(envelope.get("headers"), path, number))
        meta.append((partition, offset, timestamp))
        origins.append(f"{path}:{number}")
        topics.setdefault(topic, None)
        if limit and len(values) == limit:
            break
    source = Source(values, None, origins, headers=headers if any(headers) else None, meta=meta,
                    topic=next(iter(topics), None), kind="kcat -J envelopes")
    _take_keys(source, keys)
    if len(topics) > 1:
        source.notes.append(f"envelopes of {len(topics)} topics, measured as one: {source.topic} (messages.topic "
                            "or --topic chooses)")
    return source


def _headers(given, path: Path, number: int) -> tuple:
    if given is None:
        return ()
    if isinstance(given, dict):  # kcat's map form: {name: [value, ...]}
        pairs = [(name, value) for name, values in given.items()
                 for value in (values if isinstance(values, list) else [values])]
    elif isinstance(given, list) and len(given) % 2 == 0:
        pairs = list(zip(given[::2], given[1::2]))
    else:
        raise BenchError("the envelope's 'headers' is neither kcat's [name, value, ...] nor {name: [value, ...]}",
                         path=path, line=number)
    for name, value in pairs:
        if not isinstance(name, str) or not (value is None or isinstance(value, str)):
            raise BenchError(f"header {name!r}: kcat writes a header's name and value as strings (or a null "
                             f"value), found {value!r}", path=path, line=number)
    return tuple(pairs)


def _kcat_k(path: Path, lines: list, delimiter: bytes, limit: int | None, value_of) -> Source:
    values, keys, origins = [], [], []
    shown = delimiter.decode("utf-8").encode("unicode_escape").decode("ascii")
    for number, line in lines:
        if not line:
            continue
        key, found, value = line.partition(delimiter)
        if not found:
            raise BenchError(f"no key delimiter {shown!r} on this line (kcat -K writes one between key and value "
                             "on every line)", path=path, line=number)
        keys.append(None if not key or key == _NULL else key.decode("utf-8", "replace"))
        text = value.strip()
        values.append(None if not text or text == _NULL else value_of(value, "value", path, number))
        origins.append(f"{path}:{number}")
        if limit and len(values) == limit:
            break
    source = Source(values, None, origins, kind=f"kcat -K'{shown}' lines")
    _take_keys(source, keys)
    return source


def _take_keys(source: Source, keys: list) -> None:
    """kcat's keys as the records' keys: JSON values when every one is JSON text, else the text itself."""
    if all(key is None for key in keys):
        return
    texts = [key for key in keys if isinstance(key, str)]
    if len(texts) == sum(key is not None for key in keys):  # all text (kcat -s key=avro writes values)
        try:
            keys = [None if key is None else orjson.loads(key) for key in keys]
        except orjson.JSONDecodeError:
            source.key_text = True
    source.keys = keys
