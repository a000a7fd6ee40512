"""``build_chain``: configs (or a parsed ChainSpec) -> a chain of the twins of one backend."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from . import backends
from .chainspec import ChainSpec, parse_chain


def build_chain(configs: ChainSpec | Iterable[Mapping[str, Any]] | Mapping[str, Any], backend: str = "python", *,
                base_dir=None):
    """Build a chain from transform configs, e.g. ``[{"type": "ReplaceField$Value", "renames": "a:b"}]``; from
    a connector config's keys, e.g. ``{"transforms": "a", "transforms.a.type": "ReplaceField$Value",
    "transforms.a.renames": "a:b", "errors.tolerance": "all"}``; or from a ChainSpec that ``parse_chain`` made
    (parse once, build for every backend).

    Returns an object with ``.apply(record) -> Record | None``, ``.stages``, ``.backend`` and ``.skipped`` (per
    stage, the records skipped under ``errors.tolerance=all``, where a failing record comes back as None). Backends:
    ``transforms.backends.names()``; an unknown or unavailable one is a ConfigError saying why.
    """
    chosen = backends.get(backend)
    spec = configs if isinstance(configs, ChainSpec) else parse_chain(configs, base_dir=base_dir)
    return chosen.build(spec)


def available_backends() -> list[str]:
    """The backends this installation can run (``transforms.backends.available()``)."""
    return backends.available()
