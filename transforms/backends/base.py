"""What a backend is: the record every backend module registers (``BACKEND = Backend(...)``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..errors import ConfigError


@dataclass(frozen=True)
class Backend:
    name: str
    #: Position in listings; the first backend is the reference that ratios are taken against.
    order: int
    #: How reports name the option of running the chain this way, e.g. "compiled (cython)".
    label: str
    #: ``build(chain_spec) -> Chain``: the chain's ``apply(record) -> Record | None`` runs the records.
    build: Callable
    #: ``unavailable() -> str | None``: why this install cannot run the backend, or None when it can.
    unavailable: Callable[[], str | None] = lambda: None
    #: The twin class of every transform family the backend runs, by family name (twin backends only).
    twins: dict = field(default_factory=dict)
    #: The twin class of each of Kafka's predicates, by short name (twin backends only).
    predicates: dict = field(default_factory=dict)
    #: Built from C extensions, which a pure-Python install (SMTBENCH_NO_EXTENSIONS=1) leaves out on purpose.
    compiled: bool = False
    #: ``explain(chain_spec) -> list[str]``: how this backend runs the chain, in words (the fused plan), or None.
    explain: Callable | None = None
    #: Runs Kafka's own classes, not smtbench's code: the judge the twins are compared with (so the twins'
    #: behaviour tests, with smtbench's own messages, do not apply to it), and timed by the JVM, not in Python.
    kafka: bool = False


def build_twins(backend: str, twins: dict, predicates: dict, conditional, spec) -> list:
    """Each stage as its twin class of ``twins``, wrapped in ``conditional`` (Connect's TransformationStage) when
    it names a predicate (``twin_of``, ``test_of``)."""
    stages = []
    tests = {}
    for stage in spec.stages:
        built = twin_of(backend, twins, stage)
        declared = stage.predicate
        if declared is not None:
            if declared.alias not in tests:
                tests[declared.alias] = test_of(backend, predicates, declared)
            built = conditional(built, tests[declared.alias], stage.negate)
        stages.append(built)
    return stages


def twin_of(backend: str, twins: dict, stage):
    """The stage's twin of ``twins``, configured. A stage with no twin here (a Java class only Kafka's JVM runs)
    is a ConfigError naming it and where it can run."""
    twin = twins.get(stage.family.name)
    if twin is None:
        raise ConfigError(f"{stage.type_name} has no {backend} twin in smtbench: only Kafka's class runs it; "
                          "measure this chain with --backends jvm", key="type", alias=stage.alias,
                          type_name=stage.type_name, location=stage.location)
    return twin(stage.spec)


def test_of(backend: str, predicates: dict, declared):
    """The twin of a declared predicate, configured; a ConfigError for a class only Kafka's JVM runs."""
    test = predicates.get(declared.short_name)
    if test is None:
        raise ConfigError(f"{declared.type_name} has no {backend} twin in smtbench: only Kafka's JVM runs that "
                          "predicate class; measure this chain with --backends jvm", key="type",
                          alias=declared.alias, type_name=declared.type_name, location=declared.location,
                          subject="predicate")
    return test(declared)
