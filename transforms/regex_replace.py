"""RegexReplace$Key / $Value — smtbench's own transform (Kafka has none). Shared by regex_replace_py.py and
regex_replace_c.pyx; its Java twin (for the JVM harness) is bench/measure/jvm/SmtTwins.java.

Replaces every match of ``pattern`` (a Java regex, java_regex.py) in the string field ``field`` with
``replacement``, as Java's ``replaceAll`` does (``$1`` / ``${name}`` syntax, as RegexRouter). A null key/value, or
a missing or null field, leaves the record unchanged; any other non-string field is a DataError. A bad reference
in ``replacement`` warns at configuration time and is a DataError on every field the pattern matches, as Java's
Matcher throws then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .configdef import TransformConfig
from .java_regex import can_match_empty, compile_pattern, parse_replacement, python_template
from .spec import Spec


@dataclass(frozen=True)
class RegexReplaceSpec(Spec):
    purpose = "regex replacement"

    field: str
    pattern: re.Pattern
    template: str  # the replacement in re.sub syntax, translated once here (used when ``empty_matches`` is False)
    parts: tuple = ()  # the replacement as java_regex.parse_replacement gives it
    #: the pattern can match the empty string: Java's replaceAll then differs from re.sub (java_regex.replace_all)
    empty_matches: bool = False
    #: what Java's Matcher throws when it replaces a match (a bad reference in ``replacement``), else None
    replacement_error: str | None = None


def parse(cfg: TransformConfig, on_key: bool) -> RegexReplaceSpec:
    field = cfg.nonempty_string("field")
    pattern = compile_pattern(cfg, "pattern")
    parts, error = parse_replacement(cfg, "replacement", pattern)
    if error is not None:
        error = f"{error}: Java's Matcher fails on every field the pattern matches"
    return RegexReplaceSpec(cfg.alias, cfg.type_name, on_key, field, pattern, python_template(parts), parts,
                            can_match_empty(pattern), error)
