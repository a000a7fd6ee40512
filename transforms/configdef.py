"""Kafka ``ConfigDef`` parsing rules, and the reader every transform's configuration goes through.

Connect hands a transform its settings as strings; chain.yaml may give natural YAML values (a list, a mapping, a
number). Both are accepted and normalised here, once, for both twins.
"""

from __future__ import annotations

import difflib
import re
import warnings
from pathlib import Path
from typing import Any, Callable

from .errors import ConfigError, ConfigWarning

# Java's String.trim() strips every char <= U+0020 (controls included), and nothing else.
_JAVA_TRIM = "".join(chr(c) for c in range(0x21))
# ConfigDef splits LIST values on \s*,\s* where Java's \s is ASCII whitespace only.
_COMMA_WITH_WHITESPACE = re.compile(r"[ \t\n\x0b\f\r]*,[ \t\n\x0b\f\r]*")
_REQUIRED = object()


def java_trim(text: str) -> str:
    return text.strip(_JAVA_TRIM)


def to_string(value: Any) -> str:
    """A STRING setting: trimmed like Java; YAML scalars become their Connect spelling."""
    if isinstance(value, str):
        return java_trim(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise TypeError(f"expected a string, got {type(value).__name__}")


def to_list(value: Any) -> list[str]:
    """A LIST setting: ``"a, b,c"`` (split on ``\\s*,\\s*``, empty string = empty list) or a YAML list."""
    if isinstance(value, (list, tuple)):
        return [to_string(item) for item in value]
    text = to_string(value)
    return _COMMA_WITH_WHITESPACE.split(text) if text else []


def to_boolean(value: Any) -> bool:
    """A BOOLEAN setting: ``true``/``false`` in any case, or a YAML boolean."""
    if isinstance(value, bool):
        return value
    text = to_string(value).lower()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"expected true or false, got {value!r}")


class TransformConfig:
    """One transform's settings, read key by key.

    Every read is remembered, so that ``finish()`` can warn about keys nobody read (Kafka ignores unknown keys
    silently; a typo such as ``renmaes`` would then do nothing at all) and suggest the key that was meant.
    """

    def __init__(self, alias: str, type_name: str, settings: dict[str, Any], base_dir=None,
                 locate: Callable[[str | None], str | None] = lambda key: None, subject: str = "transform"):
        self.subject = subject  # what is configured: a "transform", or a "predicate"
        self.alias = alias
        self.type_name = type_name
        self.base_dir = base_dir
        self.locate = locate  # key -> "file:line" of that setting, when the chain came from a file
        self._settings = settings
        self._known: set[str] = set()

    def error(self, key: str | None, message: str) -> ConfigError:
        return ConfigError(message, key=key, alias=self.alias, type_name=self.type_name, location=self.locate(key),
                           subject=self.subject)

    def warn(self, key: str, message: str) -> None:
        text = f"{self.subject} {self.alias!r} ({self.type_name}): {message}"
        warnings.warn(ConfigWarning(text, alias=self.alias, key=key, location=self.locate(key)), stacklevel=4)

    def keys(self) -> list[str]:
        """Every setting given, each then counted as read."""
        self._known.update(self._settings)
        return list(self._settings)

    def has(self, key: str) -> bool:
        self._known.add(key)
        return key in self._settings

    def raw(self, key: str, default: Any = _REQUIRED) -> Any:
        """The value as given, or ``default``; a missing required key is a ConfigError."""
        self._known.add(key)
        if key in self._settings:
            return self._settings[key]
        if default is _REQUIRED:
            raise self.error(key, f"missing required setting {key!r}")
        return default

    def _parse(self, key, default, parse, what):
        value = self.raw(key, default)
        if value is default and default is not _REQUIRED:
            return value
        try:
            return parse(value)
        except (TypeError, ValueError) as exc:
            raise self.error(key, f"{key!r} must be {what}: {exc}") from None

    def string(self, key: str, default: Any = _REQUIRED) -> str:
        return self._parse(key, default, to_string, "a string")

    def nonempty_string(self, key: str, default: Any = _REQUIRED) -> str:
        text = self.string(key, default)
        if text == "":
            raise self.error(key, f"{key!r} must not be empty")
        return text

    def list(self, key: str, default: Any = (), *, empty_entries: bool = True) -> list[str]:
        """A LIST setting. Kafka 4.x refuses an empty entry (``"a,"``, ``"a,,b"``) in most transforms' lists
        (``ConfigDef.ValidList``); ``empty_entries=False`` does the same."""
        items = self._parse(key, default, to_list, "a comma-separated list")
        if not empty_entries and "" in items:
            raise self.error(key, f"{key!r} has an empty entry ({self.raw(key)!r}), which Kafka refuses: "
                                  "remove the stray comma")
        return items

    def existing_file(self, key: str, name: str, what: str) -> Path:
        """The file ``name`` that setting ``key`` names, relative to the chain file unless absolute; a ConfigError
        naming ``what`` it is when there is no such file."""
        path = Path(name)
        if not path.is_absolute() and self.base_dir is not None:
            path = Path(self.base_dir) / path
        if not path.is_file():
            raise self.error(key, f"{what} {name!r} not found (looked for {path}); the path is relative to the "
                                  "chain file")
        return path

    def boolean(self, key: str, default: Any = _REQUIRED) -> bool:
        return self._parse(key, default, to_boolean, "true or false")

    def finish(self) -> None:
        """Warn about every setting no parser read."""
        for key in self._settings:
            if key not in self._known:
                close = difflib.get_close_matches(key, sorted(self._known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.warn(key, f"unknown setting {key!r} is ignored{hint}")
