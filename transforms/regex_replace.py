"""RegexReplace$Key / $Value — smtbench's own transform (Kafka has none). Shared by regex_replace_py.py and
regex_replace_c.pyx.

Replaces every match of ``pattern`` in the string field ``field`` (Java ``replaceAll``) with ``replacement``
(Java ``$1`` / ``${name}`` syntax, as RegexRouter). A null key/value, or a missing or null field, leaves the record
unchanged; any other non-string field is a DataError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .configdef import TransformConfig
from .java_regex import compile_pattern, parse_replacement, python_template
from .spec import Spec



@dataclass(frozen=True)
class RegexReplaceSpec(Spec):
    purpose = "regex replacement"

    field: str
    pattern: re.Pattern
    template: str  # the replacement in re.sub syntax, translated once here


def parse(cfg: TransformConfig, on_key: bool) -> RegexReplaceSpec:
    field = cfg.nonempty_string("field")
    pattern = compile_pattern(cfg, "pattern")
    template = python_template(parse_replacement(cfg, "replacement", pattern))
    return RegexReplaceSpec(cfg.alias, cfg.type_name, on_key, field, pattern, template)
