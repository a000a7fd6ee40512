"""A connector's config as the chain source, with Connect's own keys: the REST API's JSON (the body with ``config``,
``GET /connectors/NAME``, or the flat map ``GET /connectors/NAME/config`` returns), a ``.properties`` file, or a live
worker's URL (``http://HOST:8083/connectors/NAME``, read with one GET of its ``/config``; nothing is ever written).

The chain's keys (``transforms``, ``transforms.X.*``, ``predicates``, ``predicates.P.*``, ``errors.tolerance``) are
read by ``transforms.connector``; every other key (``connector.class``, ``connection.password`` ...) is left where
it is. Values that look like secrets are remembered only to be masked wherever a line could quote them.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BenchError, hide_secrets

SUFFIXES = (".json", ".properties")
#: Keys whose values Connect types as a Password, or that carry credentials by their name.
_SECRET_KEY = re.compile(r"password|secret|credential|token|jaas|user\.info|api\.key|private\.key|\.key\.pass", re.I)
_URL_TIMEOUT_S = 10


@dataclass
class ConnectorConfig:
    source: str  # the file, or the URL without any credentials in it
    name: str
    config: dict  # every key, its value a string as Connect has it
    lines: dict = field(default_factory=dict)  # key -> line, for files

    def locate(self, key: str) -> str | None:
        line = self.lines.get(key)
        return f"{self.source}:{line}" if line else None


def is_connector(source: str) -> bool:
    """A connector config (a .json or .properties file, or a worker URL) rather than a chain.yaml."""
    return source.startswith(("http://", "https://")) or Path(source).suffix.lower() in SUFFIXES


def read(source: str, headers: list[str] = ()) -> ConnectorConfig:
    """The connector config at ``source``; any problem is one BenchError naming the file (and line) or the URL."""
    if source.startswith(("http://", "https://")):
        found = _fetch(source, headers)
    elif Path(source).suffix.lower() == ".json":
        found = _json(Path(source))
    else:
        found = _properties(Path(source))
    hide_secrets(value for key, value in found.config.items() if _SECRET_KEY.search(key) and value)
    return found


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BenchError("no such connector config", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"cannot read the connector config: {exc}", path=path) from None


def _json(path: Path, text: str | None = None, source: str | None = None) -> ConnectorConfig:
    text = _text(path) if text is None else text
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BenchError(f"not valid JSON: {exc.msg}", path=source or path, line=exc.lineno) from None
    if not isinstance(doc, dict):
        raise BenchError("a connector config is a JSON object: the REST body {\"name\": ..., \"config\": {...}} or "
                         "the flat map GET /connectors/NAME/config returns", path=source or path, line=1)
    config = doc.get("config", doc) if isinstance(doc.get("config"), dict) else doc
    name = str(doc.get("name") or config.get("name") or path.stem)
    strings = {str(key): value if isinstance(value, str) else json.dumps(value) for key, value in config.items()}
    lines = {}
    for number, line in enumerate(text.splitlines(), 1):  # where each key first appears as a key
        for key in re.findall(r'"((?:[^"\\]|\\.)*)"\s*:', line):
            lines.setdefault(json.loads(f'"{key}"'), number)
    return ConnectorConfig(source or str(path), name, strings, lines)


def _properties(path: Path) -> ConnectorConfig:
    """Java's ``Properties.load``: ``key=value``, ``key: value`` or ``key value``; ``#``/``!`` comments; a line ending
    in an odd number of backslashes continues on the next, whose leading blanks are dropped; ``\\t \\n \\r \\f``,
    ``\\uXXXX`` and ``\\x`` (x itself) escapes. The same key twice: the later one wins, as in Java."""
    config, lines = {}, {}
    physical = _text(path).splitlines()
    number = 0
    while number < len(physical):
        start, line = number + 1, physical[number].lstrip(" \t\f")
        number += 1
        if not line or line[0] in "#!":
            continue
        while _continues(line) and number < len(physical):
            line = line[:-1] + physical[number].lstrip(" \t\f")
            number += 1
        if _continues(line):
            line = line[:-1]
        key, value = _split(line)
        try:
            key, value = _unescape(key), _unescape(value)
        except ValueError as exc:
            raise BenchError(f"bad escape in a properties file: {exc}", path=path, line=start) from None
        config[key], lines[key] = value, start
    return ConnectorConfig(str(path), config.get("name", path.stem), config, lines)


def _continues(line: str) -> bool:
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


def _split(line: str) -> tuple[str, str]:
    i = 0
    while i < len(line) and line[i] not in "=: \t\f":
        i += 2 if line[i] == "\\" else 1
    key, rest = line[:i], line[i:].lstrip(" \t\f")
    if rest[:1] in ("=", ":"):
        rest = rest[1:].lstrip(" \t\f")
    return key, rest


_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 == len(text):
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "u":
            digits = text[i + 2:i + 6]
            if len(digits) < 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError(f"\\u{digits} is not four hex digits")
            out.append(chr(int(digits, 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


def _fetch(url: str, headers: list[str]) -> ConnectorConfig:
    """One GET of the connector's config from a worker's REST API."""
    parts = urllib.parse.urlsplit(url)
    shown = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
    path = parts.path.rstrip("/")
    if not re.search(r"/connectors/[^/]+(/config)?$", path):
        raise BenchError(f"{shown}: a worker URL names one connector: http://HOST:8083/connectors/NAME")
    target = urllib.parse.urlunsplit(parts._replace(path=path if path.endswith("/config") else path + "/config"))
    request = urllib.request.Request(target, method="GET", headers={"Accept": "application/json"})
    for header in headers:
        name, colon, value = header.partition(":")
        if not colon or not name.strip():
            raise BenchError("--header takes 'Name: value' (e.g. 'Authorization: Basic ...')")
        request.add_header(name.strip(), value.strip())
        hide_secrets([value.strip()])
    try:
        with urllib.request.urlopen(request, timeout=_URL_TIMEOUT_S) as response:
            body = response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        why = {401: "the worker wants credentials (--header 'Authorization: ...')", 403: "access denied",
               404: "no such connector on this worker"}.get(exc.code, exc.reason)
        raise BenchError(f"{shown}: HTTP {exc.code}: {why}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BenchError(f"{shown}: cannot reach the Connect worker ({reason}); is it running, and is the URL "
                         "http://HOST:8083/connectors/NAME?") from None
    name = urllib.parse.unquote(re.search(r"/connectors/([^/]+)", path).group(1))
    found = _json(Path(name), body, shown)
    found.name = found.config.get("name", name)
    return found


# --- the connector config as the chain file the bench measures ---------------------------------------------------

_JSON = "org.apache.kafka.connect.json.JsonConverter"
_AVRO = "io.confluent.connect.avro.AvroConverter"
_STRING = "org.apache.kafka.connect.storage.StringConverter"
_BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter"


def value_format(connector: ConnectorConfig) -> str:
    """The converter stage the connector's ``value.converter`` names, as a format the bench runs."""
    found = _format(connector, "value.converter")
    if found is None:
        converter = connector.config.get("value.converter", "").strip()
        raise BenchError(f"value.converter {converter} is not one smtbench measures yet (JsonConverter, "
                         "AvroConverter, StringConverter, ByteArrayConverter): give --format json, json-schemas, "
                         "avro, confluent-avro, string or bytes", location=connector.locate("value.converter"))
    return found


def key_format(connector: ConnectorConfig) -> str | None:
    """The key converter the connector's ``key.converter`` names (None: unset, the same kind as the value's)."""
    if not connector.config.get("key.converter", "").strip():
        return None
    found = _format(connector, "key.converter")
    if found is None:
        raise BenchError(f"key.converter {connector.config['key.converter'].strip()} is not one smtbench measures "
                         "yet (JsonConverter, AvroConverter, StringConverter, ByteArrayConverter)",
                         location=connector.locate("key.converter"))
    return found


def header_format(connector: ConnectorConfig) -> str:
    """The connector's ``header.converter``: SimpleHeaderConverter (unset: Connect's default) or StringConverter."""
    converter = connector.config.get("header.converter", "").strip()
    if converter in ("", "org.apache.kafka.connect.storage.SimpleHeaderConverter"):
        return "simple"
    if converter == _STRING:
        return "string"
    raise BenchError(f"header.converter {converter} is not one smtbench measures yet (SimpleHeaderConverter, "
                     "StringConverter)", location=connector.locate("header.converter"))


def _format(connector: ConnectorConfig, key: str) -> str | None:
    """A converter setting as a bench format: JsonConverter (with its ``.schemas.enable``, true by default; an
    unset value.converter is the worker's default, JsonConverter as a rule), AvroConverter, StringConverter."""
    converter = connector.config.get(key, "").strip()
    if converter in ("", _JSON):
        schemas = connector.config.get(f"{key}.schemas.enable", "true").strip().lower()
        return "json" if schemas == "false" else "json-schemas"
    return {_AVRO: "confluent-avro", _STRING: "string", _BYTES: "bytes"}.get(converter)


def chain_file(connector: ConnectorConfig, messages):
    """The ChainFile the bench measures: the connector's chain, ``messages`` (from --schema/--sample ...)."""
    from transforms.connector import chain_parts

    from .chainfile import ConnectorChain

    transforms, predicates, tolerance = chain_parts(connector.config, connector.locate)
    if not messages.topic:  # a sink connector's first topic, as its records would carry it
        topics = [t.strip() for t in connector.config.get("topics", "").split(",") if t.strip()]
        messages.topic = topics[0] if topics else None
    return ConnectorChain(Path(connector.source), connector.name, messages, transforms, {}, None,
                          predicates=predicates, errors_tolerance=tolerance, connector=connector)
