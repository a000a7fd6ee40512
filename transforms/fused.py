"""The fused backend's plan: a parsed chain as the fewest steps that do exactly what its stages do in turn.

``plan(spec)`` reads the chain once, at build time, and says how each stage runs in the one pass over a record
that ``fused_c.FusedChain`` makes (fused_c.pyx runs the plan; this module is the readable part):

- ``fields``: adjacent ReplaceField stages on the same side, without predicates, composed into one field map
  (each original field name -> its final name, or dropped), so the map is rebuilt once instead of once per stage.
  Where two fields of a record end up under one name the composition is not exact (which one survives depends on
  the order of the maps built in between); the pass sees that and runs those stages one by one for that record.
- ``field``: a Lookup or RegexReplace writes its one field into the pass's own copy of the map (copied once, at
  the first write of the pass) instead of copying the map per stage.
- ``route``: a RegexRouter sets the pass's topic.
- ``twin``: any other transform runs its Cython twin on the pass's map (or record); ``python``: a custom Python
  class runs as written, on a record made for it, and the plan says the chain splits there.

A stage with a predicate keeps it (Connect's TransformationStage): its step runs when the test differs from
``negate``. Errors name the stage that fails; a composed step can fail only as its first stage does (the value is
not a map), and counts against that stage under ``errors.tolerance=all``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .chainspec import ChainSpec, StageSpec

#: In a composed field map: the field is removed.
DROP = None

_SPECIALISED = {"ReplaceField": "fields", "Lookup": "field", "RegexReplace": "field", "RegexRouter": "route"}
_HOW = {
    "fields": "renames and field filters composed into one pass over the map",
    "field": "one field written in place",
    "route": "the topic set in place",
    "twin": "its Cython twin, inside the pass",
    "python": "a Python class, run as written: the fused pass splits here",
}


@dataclass(frozen=True)
class Step:
    """One step of a fused pass: what runs (``kind``) for which of the chain's stages (their indexes)."""

    kind: str
    stages: tuple[int, ...]
    #: ``fields`` only: original field name -> final name, or DROP; and whether other fields stay (as they are).
    mapping: dict | None = None
    keep_others: bool = True

    @property
    def first(self) -> int:
        return self.stages[0]

    def describe(self, spec: ChainSpec) -> str:
        aliases = [spec.stages[index].alias for index in self.stages]
        named = " + ".join(repr(alias) for alias in aliases)
        predicate = spec.stages[self.first].predicate
        when = f" (when {predicate.alias!r} says so)" if predicate is not None else ""
        return f"{named}: {_HOW[self.kind]}{when}"


def plan(spec: ChainSpec) -> list[Step]:
    """The chain's stages as fused steps, in order (module docstring)."""
    steps: list[Step] = []
    group: list[StageSpec] = []

    def close_group():
        if group:
            mapping, keep_others = compose_fields([stage.spec for stage in group])
            steps.append(Step("fields", tuple(stage.index for stage in group), mapping, keep_others))
            group.clear()

    for stage in spec.stages:
        kind = _kind(stage)
        if group and (kind != "fields" or stage.predicate is not None or group[0].spec.on_key != stage.spec.on_key):
            close_group()
        if kind == "fields":
            group.append(stage)
            if stage.predicate is not None:  # the stage runs or not as a whole: nothing composes with it
                close_group()
        else:
            steps.append(Step(kind, (stage.index,)))
    close_group()
    return steps


def describe(spec: ChainSpec, steps: list[Step]) -> list[str]:
    """What the plan does, in words: the steps, and where and why the pass splits."""
    splits = [repr(spec.stages[step.first].alias) for step in steps if step.kind == "python"]
    count = len(spec.stages)
    head = f"{count} stage{'s' * (count != 1)} fused into {len(steps)} step{'s' * (len(steps) != 1)}"
    if splits:
        head += f"; the pass splits at {', '.join(splits)}: a Python class runs as written, not compiled"
    return [head] + [step.describe(spec) for step in steps]


def _kind(stage: StageSpec) -> str:
    if stage.family.name == "Custom":
        return "python"
    return _SPECIALISED.get(stage.family.name, "twin")


def _field_fate(spec, name: str):
    """Where one ReplaceField stage puts the field ``name``: its new name, or DROP (replace_field.py)."""
    if name in spec.excluded or (spec.included and name not in spec.included):
        return DROP
    return spec.renames.get(name, name)


def _mentioned(specs) -> set:
    names: set = set()
    for spec in specs:
        names |= spec.included | spec.excluded | set(spec.renames) | set(spec.renames.values())
    return names


def compose_fields(specs) -> tuple[dict, bool]:
    """ReplaceField stages applied in turn, as one map: each field name any of them mentions -> its final name (or
    DROP), and whether the fields none mentions stay. A name no stage mentions keeps its name through all of them
    (so it cannot meet a mentioned one), and is dropped when any stage has an include list."""
    mapping = {}
    for name in _mentioned(specs):
        fate = name
        for spec in specs:
            fate = _field_fate(spec, fate)
            if fate is DROP:
                break
        mapping[name] = fate
    return mapping, not any(spec.included for spec in specs)
