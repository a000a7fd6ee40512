"""Predicates: conditions on a record that decide whether a transform runs (Kafka Connect 2.6+).

A chain declares them by alias (Connect: ``predicates=isTombstone``, ``predicates.isTombstone.type=...``), and a
transform names one (``predicate``), optionally negated (``negate``). Connect runs a transform when
``predicate is None or predicate.test(record) != negate``, and configures every declared predicate, used or not.
Kafka's three (HasHeaderKey, RecordIsTombstone, TopicNameMatches) go by their short names; any other predicate
class by its full name. Their settings go to the class as written: Kafka's class checks them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from .configdef import TransformConfig, java_trim
from .errors import ConfigError
from .java_regex import compile_pattern

PACKAGE = "org.apache.kafka.connect.transforms.predicates."
KAFKA_PREDICATES = ("HasHeaderKey", "RecordIsTombstone", "TopicNameMatches")


@dataclass(frozen=True)
class PredicateSpec:
    index: int
    alias: str
    type_name: str  # as written
    class_name: str  # the binary name the JVM loads
    settings: Mapping[str, Any]
    location: str | None = None
    #: The parsed configuration the twins test with (TopicNameMatches' regex, HasHeaderKey's name); None for a
    #: class only Kafka's JVM runs.
    spec: Any = None

    @property
    def short_name(self) -> str:
        """``TopicNameMatches`` for Kafka's own, the class name as written for any other."""
        return short_name(self.class_name)


def short_name(class_name: str) -> str:
    """``TopicNameMatches`` for one of Kafka's, the class name as written for any other."""
    return class_name[len(PACKAGE):] if class_name.startswith(PACKAGE) else class_name


def predicate_class(type_name: str) -> str:
    """The binary name the JVM loads: Kafka's three by short name, any other class as written."""
    return type_name if "." in type_name else PACKAGE + type_name


def _parse(short: str, cfg: TransformConfig):
    """The twins' configuration of one of Kafka's predicates, checked as its ``configure()`` checks it."""
    if short == "TopicNameMatches":  # Connect: a non-empty, valid regex, matched against the whole topic
        return compile_pattern(cfg, "pattern")
    if short == "HasHeaderKey":  # Connect: a non-empty name (after trimming)
        return cfg.nonempty_string("name")
    return None  # RecordIsTombstone takes no settings


def parse_predicates(configs: Iterable[Mapping[str, Any]],
                     locate: Callable[[int, str | None], str | None]) -> dict[str, PredicateSpec]:
    """Declared predicates by alias; ``locate(index, key)`` gives a predicate key's ``file:line``."""
    found: dict[str, PredicateSpec] = {}
    for index, config in enumerate(configs):
        def error(message, key=None, alias=None):
            return ConfigError(message, key=key, alias=alias, location=locate(index, key))

        if "alias" not in config:
            raise error("a predicate needs an alias: transforms name it with 'predicate: <alias>'", "alias")
        alias = java_trim(str(config["alias"]))
        if alias in found:
            raise error(f"duplicate predicate alias {alias!r}", "alias", alias)
        if "type" not in config:
            raise error(f"predicate {alias!r} needs a type (one of {', '.join(KAFKA_PREDICATES)}, or a class name)",
                        "type", alias)
        type_name = java_trim(str(config["type"]))
        class_name = predicate_class(type_name)
        short = short_name(class_name)
        if "." not in short and short not in KAFKA_PREDICATES:
            close = difflib.get_close_matches(short, KAFKA_PREDICATES, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else f"Kafka's are {', '.join(KAFKA_PREDICATES)}"
            raise error(f"unknown predicate type {type_name!r}; {hint}", "type", alias)
        settings = {key: value for key, value in config.items() if key not in ("alias", "type")}
        spec = None
        if "." not in short:
            cfg = TransformConfig(alias, type_name, dict(settings), locate=lambda key, i=index: locate(i, key),
                                  subject="predicate")
            spec = _parse(short, cfg)
            cfg.finish()
        found[alias] = PredicateSpec(index, alias, type_name, class_name, MappingProxyType(settings),
                                     locate(index, None), spec)
    return found
