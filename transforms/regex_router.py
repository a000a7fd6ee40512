"""RegexRouter — configuration shared by both twins (regex_router_py.py, regex_router_c.pyx).

Kafka: ``RegexRouter.java``. ``if (matcher.matches()) topic = matcher.replaceFirst(replacement)``: the regex must
match the WHOLE topic; the rewrite then replaces the first match found from the start (which, for a lazy regex,
may be shorter than the topic: ``(.*?)`` -> ``$1x`` turns ``abc`` into ``xabc``, as in Kafka). No match: unchanged.

``regex`` is Java's (java_regex.py translates it, or refuses what Python cannot mean the same way) and may be empty:
it then matches only the empty topic. A bad reference in ``replacement`` (``$2`` with one group) is accepted, as
Kafka accepts it, with a warning; every topic the regex matches is then a DataError, as Kafka's Matcher throws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .configdef import TransformConfig
from .java_regex import compile_pattern, parse_replacement
from .spec import Spec


@dataclass(frozen=True)
class RegexRouterSpec(Spec):
    regex: re.Pattern
    replacement: tuple  # literal strings and group numbers (java_regex.parse_replacement)
    #: what Java's Matcher throws when it replaces a match (a bad reference in ``replacement``), else None
    replacement_error: str | None = None


def parse(cfg: TransformConfig, on_key: bool) -> RegexRouterSpec:
    regex = compile_pattern(cfg, "regex", allow_empty=True)
    parts, error = parse_replacement(cfg, "replacement", regex)
    if error is not None:
        error = f"{error}: Kafka's Matcher fails on every topic the regex matches"
    return RegexRouterSpec(cfg.alias, cfg.type_name, on_key, regex, parts, error)
