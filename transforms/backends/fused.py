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


def _fused(spec, stages=(), alone=None) -> FusedChain:
    steps = fused.plan(spec)
    built = build_steps(spec, steps, lambda stage: twin_of("fused", TWINS, stage),
                        lambda declared: test_of("fused", PREDICATES, declared))
    return FusedChain(built, stages, len(spec.stages), spec.errors_tolerance, fused.describe(spec, steps), alone)


def build(spec) -> FusedChain:
    """The chain fused; its ``stages`` are each stage fused alone (what the bench times as that stage)."""
    alone = [_fused(replace(spec, stages=(replace(stage, index=0),)), alone=stage.spec) for stage in spec.stages]
    return _fused(spec, alone)


def explain(spec) -> list[str]:
    return fused.describe(spec, fused.plan(spec))


BACKEND = Backend("fused", order=2, label="fused (one compiled pass)", build=build, unavailable=unavailable,
                  twins=TWINS, predicates=PREDICATES, compiled=True, explain=explain)
