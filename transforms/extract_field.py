"""ExtractField$Key / $Value — configuration shared by both twins (extract_field_py.py, extract_field_c.pyx).

Kafka: ``ExtractField.java`` with ``field/SingleFieldPath.java`` (4.3). Schemaless behaviour: the key or value map
is replaced by the value of one of its fields. A null key/value stays null; any other non-map is Kafka's
``requireMap`` error. A missing field gives null.

``field.syntax.version`` (``V1``, the default, or ``V2``, in any case) says how ``field`` is read:
- ``V1``: the whole string is one top-level name, dots and all.
- ``V2``: a dotted path into nested maps. A step wrapped in backticks may hold dots (`` `a.b`.c `` is ``a.b``
  then ``c``); inside one, a backtick is closing only when a dot or the end follows, and a backslash before a
  backtick that a dot follows keeps it (the backslash is dropped). A backtick pair left open is refused at
  configuration time. A trailing dot adds an empty last step. Along the path a missing or null step gives null,
  and a step that is not a map is an error. An empty path names nothing: Kafka fails on every map (an
  IllegalArgumentException from ``subList``), and so do the twins.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

VERSIONS = ("V1", "V2")


@dataclass(frozen=True)
class ExtractFieldSpec(Spec):
    purpose = "field extraction"

    field: str  # as configured
    steps: tuple  # the names to follow, one per map level; () for an empty V2 path
    replace_null_with_default: bool = True  # Kafka's setting for Structs with defaults: no effect without a schema

    def nested_not_a_map(self, step: str, found: object):
        # Kafka: "Only Map objects supported in absence of schema for [nested field access], found: <class>"
        return self.data_error(f"field {self.field!r}: step {step!r} of the path holds {type(found).__name__}, "
                               "not a map, so the path cannot go on", field=self.field)

    def empty_path(self):
        return self.data_error("field '' with field.syntax.version V2 is an empty path, which names no field "
                               "(Kafka fails on every map too)", field=self.field)


class IncompleteBackticks(ValueError):
    """A backtick pair opened at ``position`` and never closed."""

    def __init__(self, position: int):
        super().__init__(position)
        self.position = position


def v2_steps(path: str) -> list[str]:
    """The steps of a V2 path, exactly as Kafka's ``SingleFieldPath.buildFieldPathV2`` reads them."""
    steps: list[str] = []
    end = len(path)
    i = 0
    while 0 <= i < end:
        if path[i] != "`":  # a plain step runs to the next dot
            start = i
            i = path.find(".", i)
            steps.append(path[start:] if i < 0 else path[start:i])
            if i >= 0:
                i += 1
            continue
        opening = i
        i += 1
        parts, start = [], i
        while True:
            i = path.find("`", i)
            if i < 0:
                raise IncompleteBackticks(opening)
            escaped = path[i - 1] == "\\"
            if i >= end - 1:  # the last character closes the step, unless escaped
                if escaped:
                    raise IncompleteBackticks(opening)
                parts.append(path[start:i])
                i += 1
                break
            if path[i + 1] != ".":  # a backtick inside the step
                i += 1
                continue
            if escaped:  # \`. keeps the backtick, drops the backslash, and the step goes on
                parts.append(path[start:i - 1] + "`")
                i += 1
                start = i
                continue
            parts.append(path[start:i])
            i += 2
            break
        steps.append("".join(parts))
    if path.endswith("."):
        steps.append("")
    return steps


def parse(cfg: TransformConfig, on_key: bool) -> ExtractFieldSpec:
    field = cfg.string("field")
    version = cfg.string("field.syntax.version", "V1")
    if version.upper() not in VERSIONS:
        raise cfg.error("field.syntax.version", f"field.syntax.version {version!r} must be V1 or V2 (any case)")
    if version.upper() == "V1":
        steps = (field,)
    else:
        try:
            steps = tuple(v2_steps(field))
        except IncompleteBackticks as exc:
            raise cfg.error("field", f"field {field!r} opens a backtick pair at position {exc.position} and never "
                                     "closes it; put a backslash before a backtick that is part of a name") from None
    return ExtractFieldSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, field=field, steps=steps,
                            replace_null_with_default=cfg.boolean("replace.null.with.default", True))
