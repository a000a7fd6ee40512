"""``parse_chain``: a chain's configs, checked and parsed once, into the ``ChainSpec`` every backend builds from.

Everything that can be wrong with a configuration is found here, before any record is touched: unknown types,
duplicate aliases, bad settings, missing tables. Errors carry the stage's alias, the key and, when the chain came
from a file, its ``file:line``, so no caller has to map them back.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Protocol

from . import connector
from .configdef import TransformConfig, java_trim, to_boolean
from .errors import ConfigError
from .predicates import PredicateSpec, parse_predicates
from .registry import Family, resolve
from .spec import Spec

# Keys smtbench reads itself: the rest of a config goes to the transform.
CHAIN_KEYS = ("type", "alias", "predicate", "negate")
#: Connect's ``errors.tolerance`` values.
TOLERANCES = ("none", "all")


class ConfigSource(Protocol):
    """Where configs came from (a chain file, a connector config): relative paths resolve against ``base_dir``,
    and ``locate(index, key, section)`` gives the ``file:line`` of the index-th transform's (or, with section
    ``"predicates"``, predicate's) key, or of the transform."""

    base_dir: Path

    def locate(self, index: int, key: str | None, section: str = "transforms") -> str | None: ...


@dataclass(frozen=True)
class StageSpec:
    """One transform of a parsed chain."""

    index: int  # its position, from 0
    alias: str  # its name in errors and reports: the config's alias, else #1, #2, ...
    type_name: str  # as written (ReplaceField$Value, a Kafka class name, package.module:Class)
    class_name: str  # Kafka's full class name for a built-in, else the type as written
    settings: Mapping[str, Any]  # as given, for backends that need them verbatim
    family: Family
    spec: Spec  # the parsed configuration the twins share
    location: str | None = None  # file:line, when known
    predicate: PredicateSpec | None = None  # the stage runs when predicate is None or its test != negate
    negate: bool = False


@dataclass(frozen=True)
class ChainSpec:
    """A parsed, validated, immutable chain: its stages in execution order."""

    stages: tuple[StageSpec, ...]
    base_dir: Path
    predicates: tuple[PredicateSpec, ...] = ()  # every one declared (Connect configures them all, used or not)
    #: Connect's ``errors.tolerance``: ``none`` (the first failure stops the task) or ``all`` (skip the record).
    errors_tolerance: str = "none"

    @property
    def aliases(self) -> list[str]:
        return [stage.alias for stage in self.stages]

    def __len__(self) -> int:
        return len(self.stages)


def parse_chain(configs: Iterable[Mapping[str, Any]] | Mapping[str, Any], source: ConfigSource | None = None, *,
                base_dir=None, predicates: Iterable[Mapping[str, Any]] = (),
                errors_tolerance: str = "none") -> ChainSpec:
    """Parse transform configs, e.g. ``[{"type": "ReplaceField$Value", "renames": "a:b"}]``.

    Each config may carry ``alias`` (default ``#1``, ``#2``, ...), and ``predicate`` (the alias of one of
    ``predicates``, e.g. ``[{"alias": "tombstone", "type": "RecordIsTombstone"}]``) with ``negate``. Relative
    file paths in a config (a Lookup ``table``) resolve against ``base_dir``, else the source's, else the current
    directory. Raises ConfigError; warns (ConfigWarning) about settings Kafka would ignore in silence.

    ``configs`` may also be the chain as a connector config holds it: one mapping with Connect's keys
    (``transforms``, ``transforms.<alias>.type`` ..., ``predicates``, ``errors.tolerance``), see connector.py.
    """
    if connector.is_connector_config(configs):
        if predicates:
            raise TypeError("a connector config declares its own predicates: pass them in it")
        configs, predicates, errors_tolerance = connector.chain_parts(configs)
    if errors_tolerance not in TOLERANCES:  # Connect's own check is case-sensitive too: ALL is an error
        raise ConfigError(f"{connector.TOLERANCE_KEY} {errors_tolerance!r} is not one of {', '.join(TOLERANCES)}: "
                          "'none' stops at the first failing record, 'all' skips it and counts it",
                          key=connector.TOLERANCE_KEY)
    if base_dir is None:
        base_dir = source.base_dir if source is not None else Path.cwd()
    base_dir = Path(base_dir)
    declared = parse_predicates(predicates, lambda index, key: source.locate(index, key, "predicates")
                                if source is not None else None)
    stages: list[StageSpec] = []
    seen: set[str] = set()
    for index, config in enumerate(configs):

        def locate(key, index=index):
            return source.locate(index, key) if source is not None else None

        alias = java_trim(str(config.get("alias", f"#{index + 1}")))
        try:
            stages.append(_parse_stage(index, alias, config, seen, base_dir, locate, declared))
        except ConfigError as exc:
            if exc.location is None:
                exc.location = locate(exc.key)
            raise
        seen.add(alias)
    return ChainSpec(tuple(stages), base_dir, tuple(declared.values()), errors_tolerance)


def _parse_stage(index, alias, config, seen, base_dir, locate, declared) -> StageSpec:
    if alias in seen:
        raise ConfigError(f"duplicate alias {alias!r}: every transform in a chain needs its own", key="alias",
                          alias=alias)
    if "type" not in config:
        raise ConfigError("missing required setting 'type' (e.g. ReplaceField$Value)", key="type", alias=alias)
    type_name = java_trim(str(config["type"]))
    predicate, negate = _condition(config, declared, alias, type_name)
    family, on_key = resolve(type_name, alias)
    settings = {key: value for key, value in config.items() if key not in CHAIN_KEYS}
    cfg = TransformConfig(alias, type_name, settings, base_dir, locate)
    spec = family.parse(cfg, on_key)
    cfg.finish()
    return StageSpec(index, alias, type_name, family.class_name(type_name, on_key), MappingProxyType(settings),
                     family, spec, locate(None), predicate, negate)


def _condition(config, declared, alias, type_name) -> tuple[PredicateSpec | None, bool]:
    """The stage's ``predicate`` (a declared alias) and ``negate``, as Connect's ConnectorConfig checks them."""
    def error(message, key):
        return ConfigError(message, key=key, alias=alias, type_name=type_name)

    predicate = None
    if "predicate" in config:
        name = java_trim(str(config["predicate"]))
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f"did you mean {close[0]!r}?" if close else (
                f"declared: {', '.join(declared)}" if declared else "the chain declares none under 'predicates:'")
            raise error(f"predicate {name!r} is not declared; {hint}", "predicate")
        predicate = declared[name]
    try:
        negate = to_boolean(config.get("negate", False))
    except ValueError as exc:
        raise error(f"'negate' must be true or false: {exc}", "negate") from None
    if "negate" in config and predicate is None:
        raise error("'negate' without a 'predicate' means nothing: name the predicate to negate", "negate")
    return predicate, negate
