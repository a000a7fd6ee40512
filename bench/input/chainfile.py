"""chain.yaml: load, validate every key, and remember each key's line for error messages."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..capacity import limits
from ..errors import BenchError

FORMATS = ("json", "json-schemas", "avro", "confluent-avro", "string", "bytes", "none")
#: The key converter, when it is not the value's kind (a connector's key.converter).
KEY_FORMATS = ("json", "json-schemas", "avro", "confluent-avro", "string", "bytes")
DEFAULT_COUNT = 10_000
#: Seconds one stage may take on one record in the master's check (--record-time-limit): a regex that backtracks,
#: or a transform that waits on something, stops the run there instead of hanging it.
RECORD_TIME_LIMIT_S = 1.0
#: What a stage stopped there is told, after which stage and record it held.
TOO_SLOW_HINT = "a regex that backtracks, or a wait that does not end? (--record-time-limit SECONDS allows more)"
# key: (type or types, description used in errors)
_TOP = {"name": str, "messages": dict, "transforms": list, "predicates": list, "projection": dict, "backends": list,
        "gate": dict, "jvm": dict, "errors.tolerance": str}
# Where the jvm backend finds Kafka's classes (before SMTBENCH_CLASSPATH, $KAFKA_HOME and the kafka extra) and a
# worker's plugin.path folders; paths relative to the chain file.
_JVM = {"classpath": list, "plugin_path": list}
_GATE = {"max_regression_pct": (int, float), "benchmarks": dict}
_MESSAGES = {"schema": str, "sample": str, "count": int, "seed": int, "topic": str, "format": str, "schema_id": int,
             "key_schema": str, "key_delimiter": str, "key_format": str, "header_format": str}
_PROJECTION = {
    "rates": list, "partitions": int, "tasks": int, "workers": int, "cores_per_worker": int,
    "slo_p99_ms": (int, float), "put_ms": (int, float), "max_poll_records": int, "fetch_min_bytes": int,
    "fetch_max_wait_ms": (int, float),
    "producer_burst": int, "utilisation_ceiling": (int, float), "ksqldb_us_per_record": (int, float),
    "skew": list,
}
_TYPE_NAMES = {str: "a string", int: "a whole number", dict: "a mapping", list: "a list",
               (int, float): "a number"}


@dataclass
class Messages:
    schema: Path | None = None
    sample: Path | None = None
    count: int | None = None  # None: DEFAULT_COUNT generated, or every record of a sample
    seed: int = 42
    topic: str | None = None
    format: str = "json"
    schema_id: int = 1
    key_schema: Path | None = None  # an Avro schema to generate keys from (with schema)
    key_delimiter: str | None = None  # the sample is kcat -K lines split at this (else recognised, a tab)
    key_format: str | None = None  # the key converter (KEY_FORMATS), when not the value's kind
    header_format: str = "simple"  # header.converter: simple (SimpleHeaderConverter, Connect's default) or string


@dataclass
class ChainFile:
    path: Path
    name: str
    messages: Messages
    transforms: list[dict]
    projection: dict
    backends: list[str] | None
    gate: dict = field(default_factory=dict)
    jvm: dict = field(default_factory=dict)  # classpath, plugin_path: lists of absolute paths
    predicates: list = field(default_factory=list)  # [{alias, type, settings...}], named by a transform's predicate
    errors_tolerance: str = "none"  # Connect's errors.tolerance: none stops at a failing record, all skips it
    record_time_limit_s: float = RECORD_TIME_LIMIT_S  # per stage and record, in the master's check
    _root: Any = field(repr=False, default=None)

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def source(self) -> str:
        """Where the chain came from, as the user gave it (a file, or a worker's URL)."""
        return str(self.path)

    def line_of(self, *keys) -> int | None:
        """The line of ``keys`` (e.g. ``"transforms", 2, "pattern"``), or of the deepest part of it that exists."""
        return _line_of(self._root, keys)

    def locate(self, index: int, key: str | None = None, section: str = "transforms") -> str | None:
        """``path:line`` of ``transforms[index][key]`` (or ``predicates[index][key]``), or of the item when it has
        no such key."""
        line = self.line_of(section, index, key) if key else self.line_of(section, index)
        return f"{self.path}:{line}" if line else None

    def error(self, message: str, *keys) -> BenchError:
        return BenchError(message, path=self.path, line=self.line_of(*keys))


@dataclass
class ConnectorChain(ChainFile):
    """A chain from a connector config (input/connector.py): lines are those of its Connect keys."""

    connector: Any = None  # the ConnectorConfig

    @property
    def base_dir(self) -> Path:
        url = self.connector.source.startswith(("http://", "https://"))
        return Path.cwd() if url else self.path.parent

    @property
    def source(self) -> str:
        return self.connector.source

    def line_of(self, *keys) -> int | None:
        key = self._key(keys)
        return self.connector.lines.get(key) if key else None

    def locate(self, index: int, key: str | None = None, section: str = "transforms") -> str | None:
        items = self.transforms if section == "transforms" else self.predicates
        alias = items[index]["alias"] if index < len(items) else None
        return (self.connector.locate(f"{section}.{alias}.{key or 'type'}") or
                self.connector.locate(f"{section}.{alias}.type") or self.connector.locate(section))

    def error(self, message: str, *keys) -> BenchError:
        return BenchError(message, location=self.connector.locate(self._key(keys) or "") or self.connector.source)

    def _key(self, keys) -> str | None:
        """The Connect key that ``("transforms", 2, "pattern")`` stands for here."""
        if not keys:
            return None
        if keys[0] in ("transforms", "predicates") and len(keys) > 1 and isinstance(keys[1], int):
            items = self.transforms if keys[0] == "transforms" else self.predicates
            if keys[1] < len(items):
                return ".".join([keys[0], items[keys[1]]["alias"], *map(str, keys[2:] or ("type",))])
        return str(keys[0])


def _line_of(node, keys) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == key:
                    line, node = key_node.start_mark.line + 1, value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _check_duplicates(node, path: Path) -> None:
    # PyYAML keeps the last of two equal keys without a word; a chain file with two 'pattern:' is a mistake.
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.value in seen:
                raise BenchError(f"duplicate key {key_node.value!r} (first at line {seen[key_node.value]})",
                                 path=path, line=key_node.start_mark.line + 1)
            seen[key_node.value] = key_node.start_mark.line + 1
            _check_duplicates(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(item, path)


def _check_keys(chain: ChainFile, mapping: dict, allowed: dict, where: tuple, what: str) -> None:
    for key, value in mapping.items():
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
            raise chain.error(f"unknown key {key!r} in {what}; {hint}", *where, key)
        wanted = allowed[key]
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise chain.error(f"{'.'.join(map(str, where + (key,)))} must be {_TYPE_NAMES[wanted]}, "
                              f"found {type(value).__name__}", *where, key)


def load(path) -> ChainFile:
    """Read and validate a chain file; any problem is a BenchError naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BenchError("no such chain file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"cannot read the chain file: {exc}", path=path) from None
    try:
        loader = yaml.SafeLoader(text)
        try:
            root = loader.get_single_node()
            doc = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "not valid YAML"
        raise BenchError(f"not valid YAML: {problem}", path=path, line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise BenchError(f"not valid YAML: {exc}", path=path) from None
    if not isinstance(doc, dict):
        raise BenchError("a chain file is a mapping with 'transforms:' (and 'messages:', 'projection:')",
                         path=path, line=1)
    _check_duplicates(root, path)
    chain = ChainFile(path, path.stem, Messages(), [], {}, None, _root=root)
    _check_keys(chain, doc, _TOP, (), "the chain file")
    chain.name = doc.get("name", path.stem).strip() or path.stem
    if "transforms" not in doc:
        raise chain.error("missing 'transforms:' (the list of transforms to run, in order)")
    for index, config in enumerate(doc["transforms"]):
        if not isinstance(config, dict):
            raise chain.error(f"transforms[{index}] must be a mapping like {{alias: rename, type: "
                              f"ReplaceField$Value, renames: 'a:b'}}", "transforms", index)
        chain.transforms.append(config)
    for index, config in enumerate(doc.get("predicates", [])):
        if not isinstance(config, dict):
            raise chain.error(f"predicates[{index}] must be a mapping like {{alias: tombstones, type: "
                              f"RecordIsTombstone}}", "predicates", index)
        chain.predicates.append(config)
    chain.errors_tolerance = doc.get("errors.tolerance", "none")
    if chain.errors_tolerance not in ("none", "all"):
        raise chain.error(f"errors.tolerance must be none (a failing record stops the run, as it fails the task) or "
                          f"all (it is skipped and counted), found {chain.errors_tolerance!r}", "errors.tolerance")
    chain.messages = _messages(chain, doc.get("messages", {}))
    chain.projection = doc.get("projection", {})
    _check_keys(chain, chain.projection, _PROJECTION, ("projection",), "projection")
    _check_projection(chain)
    if "backends" in doc:
        chain.backends = [str(b) for b in doc["backends"]]
    chain.gate = doc.get("gate", {})
    _check_keys(chain, chain.gate, _GATE, ("gate",), "gate")
    for name, pct in chain.gate.get("benchmarks", {}).items():
        if isinstance(pct, bool) or not isinstance(pct, (int, float)) or pct < 0:
            raise chain.error(f"gate.benchmarks.{name} must be a percentage, found {pct!r}", "gate", "benchmarks",
                              name)
    jvm = doc.get("jvm", {})
    _check_keys(chain, jvm, _JVM, ("jvm",), "jvm")
    chain.jvm = {key: [str(chain.base_dir / str(entry)) for entry in jvm[key]] for key in _JVM if key in jvm}
    return chain


def _check_projection(chain: ChainFile) -> None:
    """Every projection value within what the model takes (capacity/limits.py), before anything is measured."""
    for key, value in chain.projection.items():
        wrong = limits.problem(key, value)
        if wrong:
            raise chain.error(wrong, "projection", key)
    if "skew" in chain.projection:
        wrong = limits.skew_problem(chain.projection["skew"],
                                    chain.projection.get("partitions", limits.DEFAULT_PARTITIONS))
        if wrong:
            raise chain.error(wrong, "projection", "skew")


def override_messages(chain: ChainFile, flags: dict) -> None:
    """The command line's --schema, --key-schema, --sample, --count, --topic, --format over (or, for a connector
    config, as) the chain's messages; paths relative to the current directory. A new --schema or --sample leaves
    the chain's key schema and key delimiter behind (they belong to its records)."""
    given = {key: value for key, value in flags.items() if value is not None}
    current = chain.messages
    if not given and (current.schema or current.sample):
        return
    doc = {key: getattr(current, key) for key in ("count", "seed", "topic", "format", "schema_id", "key_format",
                                                  "header_format")}
    files = {key: str(Path(given.pop(key)).resolve()) for key in ("schema", "sample", "key_schema") if key in given}
    kept = ("schema", "sample", "key_schema") if not {"schema", "sample"} & set(files) else ()
    doc.update({key: str(getattr(current, key)) for key in kept if getattr(current, key)})
    if kept and current.key_delimiter is not None:
        doc["key_delimiter"] = current.key_delimiter
    doc.update(files)
    doc.update(given)
    if "schema" not in doc and "sample" not in doc:
        raise BenchError("a connector config holds no records: give --sample FILE (JSON lines, kcat -J or -K output, "
                         "or an Avro container file) or --schema FILE.avsc [--key-schema KEY.avsc] [--count N]",
                         location=chain.source)
    chain.messages = _messages(chain, {key: value for key, value in doc.items() if value is not None})


def _messages(chain: ChainFile, doc: dict) -> Messages:
    _check_keys(chain, doc, _MESSAGES, ("messages",), "messages")
    messages = Messages(**{k: v for k, v in doc.items() if k not in ("schema", "sample", "key_schema")})
    if messages.format not in FORMATS:
        raise chain.error(f"messages.format must be one of {', '.join(FORMATS)}, found {messages.format!r}",
                          "messages", "format")
    if messages.header_format not in ("simple", "string"):
        raise chain.error("messages.header_format must be simple (SimpleHeaderConverter, Connect's default: "
                          "header values typed from their text) or string (StringConverter), found "
                          f"{messages.header_format!r}", "messages", "header_format")
    if messages.key_format is not None and messages.key_format not in KEY_FORMATS:
        raise chain.error(f"messages.key_format must be one of {', '.join(KEY_FORMATS)}, found "
                          f"{messages.key_format!r}", "messages", "key_format")
    if ("schema" in doc) == ("sample" in doc):
        raise chain.error("messages needs exactly one of 'schema:' (an Avro .avsc to generate records from) or "
                          "'sample:' (a JSON-lines or Avro container file of real records)", "messages")
    for key in ("schema", "sample", "key_schema"):
        if key in doc:
            setattr(messages, key, chain.base_dir / doc[key])  # an absolute path stays as it is
    if "key_schema" in doc and "schema" not in doc:
        raise chain.error("messages.key_schema generates keys for generated records (schema:); a sample's keys "
                          "come from the file (kcat -J envelopes or kcat -K lines)", "messages", "key_schema")
    if "key_delimiter" in doc and ("sample" not in doc or not messages.key_delimiter):
        raise chain.error("messages.key_delimiter reads a sample as kcat -K lines, key and value split at it: it "
                          "needs sample: and at least one character", "messages", "key_delimiter")
    if messages.count is not None and messages.count < 1:
        raise chain.error("messages.count must be at least 1", "messages", "count")
    if not 0 <= messages.schema_id < 2**31:
        raise chain.error("messages.schema_id must fit in 4 bytes (0 to 2147483647)", "messages", "schema_id")
    return messages
