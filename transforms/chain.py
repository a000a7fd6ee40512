"""``build_chain``: configs in Kafka's vocabulary -> a chain of python or cython twins."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import _env
from .configdef import TransformConfig, java_trim
from .errors import ConfigError
from .registry import resolve

BACKENDS = ("python", "cython")
_COMPILED = ("stage_c", "java_regex_c", "chain_c", "replace_field_c", "regex_router_c", "regex_replace_c", "lookup_c",
             "custom_c")
# Keys smtbench reads itself: the rest of a config goes to the transform.
_CHAIN_KEYS = ("type", "alias")


def available_backends() -> list[str]:
    """The backends this installation can run: ``python`` always, ``cython`` when the twins were compiled."""
    return ["python", "cython"] if _compiled_error() is None else ["python"]


def _compiled_error() -> str | None:
    if _env.NO_EXTENSIONS:
        return "SMTBENCH_NO_EXTENSIONS is set, so the compiled twins are off"
    for name in _COMPILED:
        try:
            importlib.import_module(f"transforms.{name}")
        except ImportError as exc:
            return f"transforms.{name} is not built ({exc}); reinstall with 'pip install -e .' and a C compiler"
    return None


def build_chain(configs: Iterable[Mapping[str, Any]], backend: str = "python", *, base_dir=None):
    """Build a chain from transform configs, e.g. ``[{"type": "ReplaceField$Value", "renames": "a:b"}]``.

    Each config may carry ``alias`` (its name in errors; default ``#1``, ``#2``, ...). Relative file paths in a
    config (a Lookup ``table``) resolve against ``base_dir`` (default: the current directory). Returns an object
    with ``.apply(record) -> Record | None`` and ``.stages``.
    """
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}", key="backend")
    if backend == "cython" and (why := _compiled_error()) is not None:
        raise ConfigError(f"backend 'cython' is not available: {why}", key="backend")
    suffix = "py" if backend == "python" else "c"
    base_dir = Path.cwd() if base_dir is None else Path(base_dir)
    stages, seen = [], set()
    for position, config in enumerate(configs, start=1):
        alias = java_trim(str(config.get("alias", f"#{position}")))
        if alias in seen:
            raise ConfigError(f"duplicate alias {alias!r}: every transform in a chain needs its own", key="alias",
                              alias=alias)
        seen.add(alias)
        if "type" not in config:
            raise ConfigError("missing required setting 'type' (e.g. ReplaceField$Value)", key="type", alias=alias)
        type_name = java_trim(str(config["type"]))
        for key in ("predicate", "negate"):
            if key in config:
                raise ConfigError(f"{key!r}: predicates are not supported yet; remove it to measure the "
                                  "transform unconditionally", key=key, alias=alias, type_name=type_name)
        family, on_key = resolve(type_name, alias)
        settings = {k: v for k, v in config.items() if k not in _CHAIN_KEYS}
        cfg = TransformConfig(alias, type_name, settings, base_dir)
        spec = family.parse(cfg, on_key)
        cfg.finish()
        twin = getattr(importlib.import_module(f"transforms.{family.stem}_{suffix}"), family.name)
        stages.append(twin(spec))
    chain_module = importlib.import_module(f"transforms.chain_{suffix}")
    return chain_module.Chain(stages)
