"""No silent no-op: warnings from what each stage did in the master's check (outcomes.py), before anything is
timed. A stage that changed no record, a field its settings name that no record has where it runs, a RegexRouter
whose regex matched none of the topics: each is measured as written, and said.

``NAMED_FIELDS`` is the one place that knows which settings of which family name fields of the records.
"""

from __future__ import annotations

import difflib
from typing import Callable

from .outcomes import Outcome

SHOWN = 8  # names listed in a warning, at most


def _each(setting: str, names) -> list[tuple[str, str]]:
    return [(setting, name) for name in names]


#: family -> the (setting, field) pairs of a stage's parsed spec: the fields it reads in the key or value it acts on
NAMED_FIELDS: dict[str, Callable] = {
    "ReplaceField": lambda s: (_each("renames", s.renames) + _each("include", sorted(s.included))
                               + _each("exclude", sorted(s.excluded))),
    "MaskField": lambda s: _each("fields", s.fields),
    "Cast": lambda s: _each("spec", s.casts),
    "ExtractField": lambda s: [("field", s.steps[0])] if s.steps else [],  # a V2 path: its first step
    "ValueToKey": lambda s: _each("fields", s.fields),
    "HeaderFrom": lambda s: _each("fields", s.fields),
    "TimestampConverter": lambda s: [("field", s.field)] if s.field else [],  # "": the whole key or value
    "RegexReplace": lambda s: [("field", s.field)],
    "Lookup": lambda s: [("field", s.field)],
}
#: families that read the value whatever their variant (ValueToKey reads the value, and writes the key)
_READS_VALUE = {"ValueToKey"}


def named_fields(stage) -> tuple[str, list[tuple[str, str]]]:
    """The side a stage reads (``value`` or ``key``), and the (setting, field) pairs its settings name there."""
    family = stage.family.name
    side = "key" if getattr(stage.spec, "on_key", False) and family not in _READS_VALUE else "value"
    found = NAMED_FIELDS.get(family)
    return side, (found(stage.spec) if found is not None else [])


def warnings(spec, outcomes: list[Outcome], locate: Callable | None = None) -> list[str]:
    """Every warning, ``file:line: warning: ...``, in the order of the stages. ``locate(index, setting)`` gives the
    line of a stage's setting (the chain file's), else the stage's own line is used."""
    said = []
    for stage, outcome in zip(spec.stages, outcomes):
        if not outcome.records_in:
            continue
        where = f"{stage.location}: " if stage.location else ""
        name = f"transform {stage.alias!r} ({stage.type_name})"
        side, fields = named_fields(stage)
        for setting, field in fields:
            message = _missing_field(outcome, side, setting, field)
            if message:
                at = (locate(stage.index, setting) if locate else None) or stage.location
                said.append(f"{at + ': ' if at else ''}warning: {name}: {message}")
        if outcome.changed or outcome.dropped or not outcome.unchanged:
            continue
        router = stage.family.name == "RegexRouter" and stage.predicate is None
        if router and not any(stage.spec.regex.fullmatch(topic) for topic in outcome.topics):
            regex = str(stage.settings.get("regex", ""))  # as written (the spec holds its Python translation)
            at = (locate(stage.index, "regex") if locate else None) or stage.location
            said.append(f"{at + ': ' if at else ''}warning: {name}: regex {regex!r} matched none of the topics: "
                        f"{_names(outcome.topics, more=outcome.more_topics)}; it must match a whole topic name, so "
                        f"it routed no record: check the regex against the topics, or leave the stage out")
        else:
            said.append(f"{where}warning: {name} changed none of the {outcome.records_in:,} records: "
                        f"{_passed(outcome)}, so its figures measure a no-op; check its settings against the records "
                        f"(a misspelt field, a pattern that matches nothing"
                        + (f", its predicate {stage.predicate.alias!r}" if stage.predicate else "")
                        + "), or leave it out")
    return said


def _missing_field(outcome: Outcome, side: str, setting: str, field: str) -> str | None:
    """Why ``field`` is a problem where the stage runs, or None when some record has it."""
    seen = outcome.value if side == "value" else outcome.key
    if field in seen.fields:
        return None
    reaching = f"the {outcome.records_in:,} records that reach it"
    named = f"its {setting} setting names field {field!r}, but"
    if not seen.maps:
        kinds = "all null" if seen.nulls == outcome.records_in else \
            f"{seen.nulls:,} null, the others not maps" if seen.nulls else "none a map"
        return (f"{named} none of {reaching} has a map as its {side} ({kinds}), so none has the field; check the "
                "$Key/$Value variant, and the stages before it")
    close = difflib.get_close_matches(field, seen.fields, n=3, cutoff=0.6)
    rest = sorted(seen.fields - set(close))
    mean = f" Did you mean {' or '.join(map(repr, close))}?" if close else ""
    return (f"{named} no record has it in its {side}.{mean} The {side}s of {reaching} have "
            f"{_names(close + rest)}; check the name, and that no stage before it renames or drops the field")


def _names(names: list, more: bool = False) -> str:
    shown = ", ".join(names[:SHOWN])
    left = len(names) - SHOWN
    if left > 0:
        return f"{shown} and {left} more"
    return shown + (" and more" if more else "")


def _passed(outcome: Outcome) -> str:
    if outcome.failed:
        return f"it passed {outcome.unchanged:,} through unchanged and failed on {outcome.failed:,}"
    return "it passed every one through unchanged"
