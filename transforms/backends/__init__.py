"""The backend registry: every way smtbench can run a parsed chain, each a module of this package.

A backend module defines ``BACKEND = Backend(...)``: a name, a label for reports, an availability check that says
why not, and ``build(spec) -> Chain``. This package finds the modules itself, so adding a backend is adding one
module here; everything that lists backends (the bench's ratios and report columns, the decision's options, the
tests' parametrisation) asks this registry.
"""

from __future__ import annotations

import importlib
import pkgutil

from ..errors import ConfigError
from .base import Backend


def _discover() -> dict[str, Backend]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        backend = getattr(module, "BACKEND", None)
        if isinstance(backend, Backend):
            found.append(backend)
    return {backend.name: backend for backend in sorted(found, key=lambda b: b.order)}


REGISTRY = _discover()


def names() -> list[str]:
    """Every registered backend, the reference (python) first."""
    return list(REGISTRY)


def available() -> list[str]:
    """The backends this installation can run."""
    return [name for name, backend in REGISTRY.items() if backend.unavailable() is None]


def get(name: str) -> Backend:
    """The backend called ``name``; a ConfigError (key ``backend``) names the choices or why it cannot run."""
    backend = REGISTRY.get(name)
    if backend is None:
        raise ConfigError(f"unknown backend {name!r}; choose one of {', '.join(REGISTRY)}", key="backend")
    why = backend.unavailable()
    if why is not None:
        raise ConfigError(f"backend {name!r} is not available: {why}", key="backend")
    return backend
