"""The one place the bench talks to transforms/ about chains: which backends exist, building a chain on each, and
pointing what goes wrong at the chain file's lines.

Two transforms APIs are on their way: a backend registry (``transforms.backends``: ``names()``, ``available()``,
``get(name)`` with ``.name``, ``.label``, ``.unavailable()``) and a parsed chain (``transforms.parse_chain``) whose
errors carry their own ``location``. Until they land, the functions marked "switch-over" stand in for them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import transforms
from transforms import ConfigError, ConfigWarning

from .errors import BenchError

if TYPE_CHECKING:
    from .input.chainfile import ChainFile


# -- backends ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Backend:
    """What the bench needs to know of a backend: its name and how reports call it."""

    name: str
    label: str

    def unavailable(self) -> str | None:
        """Why this install cannot run it, or None."""
        if self.name in available():
            return None
        return "reinstall without SMTBENCH_NO_EXTENSIONS"


_LABELS = {"python": "interpreted (python)", "cython": "compiled (cython)"}


def names() -> list[str]:
    """Every backend, in order; the first (python) is the reference the others are compared with.
    Switch-over: ``transforms.backends.names()``."""
    return list(transforms.BACKENDS)


def available() -> list[str]:
    """The backends this install can run. Switch-over: ``transforms.backends.available()``."""
    return transforms.available_backends()


def get(name: str) -> Backend:
    """Switch-over: ``transforms.backends.get(name)``."""
    return Backend(name, _LABELS[name])


def reference() -> str:
    """The backend every other one is compared with (ratios are ``<other>/<reference>``)."""
    return names()[0]


# -- chains --------------------------------------------------------------------------------------------------------
def build(configs: list, backend: str, base_dir):
    """A chain in a worker, from configs the master has checked (it reported their warnings already)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConfigWarning)
        return transforms.build_chain(configs, backend, base_dir=base_dir)


def build_checked(chain: ChainFile, backends: list[str]) -> tuple[dict, list[str]]:
    """Every backend's chain for the chain file, and its configuration warnings (``file:line: warning: ...``)."""
    unknown = [b for b in backends if b not in names()]
    if unknown:
        raise chain.error(f"unknown backend {unknown[0]!r}; choose from {', '.join(names())}", "backends")
    for backend in backends:
        why = get(backend).unavailable()
        if why:
            raise BenchError(f"backend {backend!r} is not available in this install (it has "
                             f"{', '.join(available())}); {why}, or pass --backends {reference()}")
    chains, notes = {}, []
    for backend in backends:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConfigWarning)
            try:
                chains[backend] = transforms.build_chain(chain.transforms, backend, base_dir=chain.base_dir)
            except ConfigError as exc:
                raise BenchError(str(exc), location=locate(chain, exc) or chain.where("transforms")) from None
        if not notes:
            notes = [f"{locate(chain, w.message) or chain.path}: warning: {w.message}" for w in caught]
    return chains, notes


def locate(chain: ChainFile, problem=None, index: int | None = None) -> str | None:
    """Where in the chain file a problem with a transform is: ``path:line`` of the transform's key at fault (its
    ``key``), else of the transform (its ``alias``, or ``index`` when known). Every transforms error and warning
    the bench reports is placed here. Switch-over: with ``transforms.parse_chain(configs, chain)`` errors carry
    ``.location`` themselves."""
    if index is None:
        index = chain.transform_index(getattr(problem, "alias", None))
    if index is None:
        return None
    return chain.locate(index, getattr(problem, "key", None))
