"""The one place the bench talks to transforms/ about chains: which backends there are (transforms.backends, the
registry), the chain file's transforms parsed once (``transforms.parse_chain``, whose errors and warnings carry
the file's lines themselves), and every backend's chain built from that one parse."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from transforms import ChainSpec, ConfigWarning, backends, build_chain, parse_chain
from transforms.backends import Backend
from transforms.registry import CUSTOM

from .errors import BenchError, scrub

if TYPE_CHECKING:
    from .input.chainfile import ChainFile


# -- backends ------------------------------------------------------------------------------------------------------
def names() -> list[str]:
    """Every backend, in order; the first (python) is the reference the others are compared with."""
    return backends.names()


def available() -> list[str]:
    """The backends this install can run (the default when a chain file names none)."""
    return backends.available()


def runnable(spec: ChainSpec) -> list[str]:
    """The backends this install has that can run every stage of ``spec``: the default when neither --backends
    nor the chain file names any."""
    return [name for name in available() if _runs(name, spec)]


def reference_chain(spec: ChainSpec):
    """The reference twins' chain of ``spec``, or None when a stage has no twin (a Java class only Kafka runs)."""
    return build_chain(spec, reference()) if _runs(reference(), spec) else None


def _runs(name: str, spec: ChainSpec) -> bool:
    """smtbench's own backends run a chain whose every stage has a twin there; Kafka's (jvm), one without a
    Python class."""
    backend = get(name)
    if backend.kafka:  # nor a Lookup from a store: smtbench's Java twin of Lookup reads a table only
        return all(stage.family is not CUSTOM and getattr(stage.spec, "store", None) is None for stage in spec.stages)
    return all(stage.family.name in backend.twins and (stage.predicate is None or stage.predicate.short_name in
                                                       backend.predicates) for stage in spec.stages)


def in_process(wanted: list[str]) -> list[str]:
    """Those of ``wanted`` the pyperf harness times in Python; the others (jvm) run Kafka's classes in forked
    JVMs (measure/jvm/)."""
    return [name for name in wanted if not get(name).kafka]


def get(name: str) -> Backend:
    """The registered backend called ``name`` (its ``label`` names it in reports)."""
    return backends.REGISTRY[name]


def converters(name: str) -> str | None:
    """The backend key of the converter cells (decode, encode, pass-through) beside ``name``'s chain: Kafka's own
    converters run beside Kafka's classes (keyed by that backend); smtbench's backends share smtbench's (None)."""
    return name if get(name).kafka else None


def reference() -> str:
    """The backend every other one is compared with (ratios are ``<other>/<reference>``)."""
    return names()[0]


def check_backends(chain: ChainFile, wanted: list[str]) -> None:
    """Every backend asked for exists and runs here, before anything is measured."""
    unknown = [b for b in wanted if b not in names()]
    if unknown:
        raise chain.error(f"unknown backend {unknown[0]!r}; choose from {', '.join(names())}", "backends")
    for backend in wanted:
        why = get(backend).unavailable()
        if why:
            raise BenchError(f"backend {backend!r} is not available in this install (it has "
                             f"{', '.join(available())}): {why}; or pass --backends {reference()}")


# -- chains --------------------------------------------------------------------------------------------------------
def parse(chain: ChainFile) -> tuple[ChainSpec, list[str]]:
    """The chain file's transforms, parsed once, and their configuration warnings (``file:line: warning: ...``).
    A ConfigError names its ``file:line`` itself."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConfigWarning)
        spec = parse_chain(chain.transforms, chain, predicates=chain.predicates,
                           errors_tolerance=chain.errors_tolerance)
    notes = [scrub(f"{w.message.location or chain.source}: warning: {w.message}") for w in caught
             if isinstance(w.message, ConfigWarning)]
    return spec, notes


def parse_checked(configs: list, base_dir, predicates: list = (), errors_tolerance: str = "none") -> ChainSpec:
    """The chain in a worker, from configs the master has checked (it reported their warnings already)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConfigWarning)
        return parse_chain(configs, base_dir=base_dir, predicates=predicates, errors_tolerance=errors_tolerance)


def plans(spec: ChainSpec, wanted: list[str]) -> dict[str, list[str]]:
    """How each of ``wanted`` that says so runs the chain, in words (the fused backend: its steps, and where its
    pass splits)."""
    return {name: get(name).explain(spec) for name in wanted if get(name).explain is not None}


def build_all(spec: ChainSpec, wanted: list[str]) -> dict:
    """Each backend's chain, built from the one parsed chain."""
    return {backend: build_chain(spec, backend) for backend in wanted}
