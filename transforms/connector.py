"""A chain as a connector config holds it, read with Connect's own keys.

    {"transforms": "rename,route",
     "transforms.rename.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
     "transforms.rename.renames": "order_id:orderId",
     "transforms.route.predicate": "eu", ...,
     "predicates": "eu", "predicates.eu.type": "...TopicNameMatches", "predicates.eu.pattern": "orders-eu",
     "errors.tolerance": "all"}

``transforms`` lists the aliases in execution order; every ``transforms.<alias>.*`` key but ``type``,
``predicate`` and ``negate`` goes to the transform, as Connect's ``ConnectorConfig`` hands it over; the same for
``predicates``. Keys that are not the chain's (``connector.class``, ``topics``, converters ...) are left alone.
"""

from __future__ import annotations

import warnings
from typing import Any, Callable, Mapping

from .configdef import to_list, to_string
from .errors import ConfigError, ConfigWarning

TOLERANCE_KEY = "errors.tolerance"


def is_connector_config(configs: Any) -> bool:
    """A mapping of Connect keys (``transforms``, ``transforms.X.type`` ...) rather than a list of configs."""
    return isinstance(configs, Mapping)


def chain_parts(config: Mapping[str, Any],
                locate: Callable[[str], str | None] = lambda key: None) -> tuple[list[dict], list[dict], str]:
    """The transform configs, the predicate configs and ``errors.tolerance`` of a connector config, each
    config carrying its ``alias``; ``locate(key)`` gives a key's ``file:line`` when the config came from a file."""
    transforms = _section(config, "transforms", locate)
    predicates = _section(config, "predicates", locate)
    tolerance = config.get(TOLERANCE_KEY, "none")
    return transforms, predicates, tolerance if not isinstance(tolerance, str) else tolerance.strip()


def _section(config: Mapping[str, Any], section: str, locate) -> list[dict]:
    def error(message, key):  # at the key, else at the section's list of aliases
        return ConfigError(message, key=key, location=locate(key) or locate(section))

    try:
        aliases = to_list(config.get(section, ""))
    except (TypeError, ValueError) as exc:
        raise error(f"{section!r} must be a comma-separated list of aliases: {exc}", section) from None
    if "" in aliases:
        raise error(f"{section!r} has an empty alias ({config[section]!r}), which Connect refuses: remove the "
                    "stray comma", section)
    duplicates = sorted({alias for alias in aliases if aliases.count(alias) > 1})
    if duplicates:
        raise error(f"{section!r} lists {', '.join(map(repr, duplicates))} more than once; Connect refuses "
                    "duplicate aliases", section)
    configs = {alias: {"alias": alias} for alias in aliases}
    unlisted: dict[str, list[str]] = {}  # the keys of each alias the section does not list
    for key, value in config.items():
        if not key.startswith(section + "."):
            continue
        match = _owner(key[len(section) + 1:], aliases)
        if match is None or match[1] == "alias":
            unlisted.setdefault(key.rpartition(".")[0] if match is None else key, []).append(key)
            continue
        alias, setting = match
        configs[alias][setting] = to_string(value) if isinstance(value, (bool, int, float)) else value
    for prefix, keys in unlisted.items():
        why = "no transform reads 'alias'" if prefix in keys else (
            f"{section} does not list {prefix[len(section) + 1:]!r} (it lists {', '.join(aliases) or 'none'})")
        warnings.warn(ConfigWarning(f"{', '.join(keys)}: set, but {why}: ignored, as Connect ignores it",
                                    key=keys[0], location=locate(keys[0])), stacklevel=4)
    for alias, found in configs.items():
        if "type" not in found:
            key = f"{section}.{alias}.type"
            raise error(f"{key} is missing: every alias in {section!r} needs its class, e.g. "
                        + ("org.apache.kafka.connect.transforms.ReplaceField$Value" if section == "transforms"
                           else "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"), key)
    return list(configs.values())


def _owner(rest: str, aliases: list[str]) -> tuple[str, str] | None:
    """``rename.renames`` -> ("rename", "renames"); aliases may hold dots, so the longest listed alias wins."""
    for alias in sorted(aliases, key=len, reverse=True):
        if rest.startswith(alias + ".") and len(rest) > len(alias) + 1:
            return alias, rest[len(alias) + 1:]
    return None
