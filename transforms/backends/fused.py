"""``fused``: the whole chain as one pass over each record (transforms/fused.py plans it, fused_c.pyx runs it).

Adjacent renames and field filters compose into one, lookups and regex rewrites write their field into one copy
of the map, a router sets the topic; each record is taken apart once and made once. Stages it has no special step
for run their Cython twin inside the pass, and a custom Python class runs as written, where the pass splits.
"""

from __future__ import annotations

from dataclasses import replace

from .. import fused
from .base import Backend, test_of, twin_of
from .cython import PREDICATES, TWINS, unavailable

try:
    from ..fused_c import FusedChain, build_steps
except ImportError:  # not built: the cython backend's unavailable() says why
    FusedChain = build_steps = None


def build(spec) -> FusedChain:
    """The chain fused; its ``stages`` are each stage fused alone (what the bench times as that stage). The whole
    chain and the stages alone share each stage's twin, so a stage's table or store connection exists once."""
    twins, tests = {}, {}

    def twin(stage):
        if stage.alias not in twins:
            twins[stage.alias] = twin_of("fused", TWINS, stage)
        return twins[stage.alias]

    def test(declared):
        if declared.alias not in tests:
            tests[declared.alias] = test_of("fused", PREDICATES, declared)
        return tests[declared.alias]

    def fused_chain(part, stages=(), alone=None) -> FusedChain:
        steps = fused.plan(part)
        return FusedChain(build_steps(part, steps, twin, test), stages, len(part.stages), part.errors_tolerance,
                          fused.describe(part, steps), alone)

    for stage in spec.stages:  # every twin first, in the chain's order: the first bad stage is the one named
        twin(stage)
        if stage.predicate is not None:
            test(stage.predicate)
    alone = [fused_chain(replace(spec, stages=(replace(stage, index=0),)), alone=stage.spec) for stage in spec.stages]
    return fused_chain(spec, alone)


def explain(spec) -> list[str]:
    return fused.describe(spec, fused.plan(spec))


BACKEND = Backend("fused", order=2, label="fused (one compiled pass)", build=build, unavailable=unavailable,
                  twins=TWINS, predicates=PREDICATES, compiled=True, explain=explain)
