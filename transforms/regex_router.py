"""RegexRouter — configuration shared by both twins (regex_router_py.py, regex_router_c.pyx).

Kafka: ``RegexRouter.java``. ``if (matcher.matches()) topic = matcher.replaceFirst(replacement)``: the regex must
match the WHOLE topic; the rewrite then replaces the first match found from the start (which, for a lazy regex,
may be shorter than the topic: ``(.*?)`` -> ``$1x`` turns ``abc`` into ``xabc``, as in Kafka). No match: unchanged.
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


def parse(cfg: TransformConfig, on_key: bool) -> RegexRouterSpec:
    regex = compile_pattern(cfg, "regex")
    return RegexRouterSpec(cfg.alias, cfg.type_name, on_key, regex, parse_replacement(cfg, "replacement", regex))
