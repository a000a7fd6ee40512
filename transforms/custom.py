"""Custom transforms: ``type: mypackage.module:MyTransform`` runs a team's own Python SMT logic in a chain.

The class follows Kafka's ``Transformation`` shape: built with no arguments, then ``configure(settings)`` with the
transform's settings (a dict, everything but ``type`` and ``alias``), then ``apply(record)`` per record, returning
a Record or None. It is imported only when a chain names it, with the chain file's folder on the import path.
Both backends run the same Python object (custom_py.py, custom_c.pyx wrap it), so it is measured as Python.
"""

from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

_TYPE = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_]\w*")


def is_custom(type_name: str) -> bool:
    return ":" in type_name


@dataclass(frozen=True)
class CustomSpec(Spec):
    transform: object  # the configured instance of the user's class


def parse(cfg: TransformConfig, on_key: bool) -> CustomSpec:
    if not _TYPE.fullmatch(cfg.type_name):
        raise cfg.error("type", f"a custom type is 'package.module:ClassName', found {cfg.type_name!r}")
    module_name, class_name = cfg.type_name.split(":")
    path = [str(cfg.base_dir)] if cfg.base_dir is not None else []
    sys.path[:0] = path
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise cfg.error("type", f"cannot import {module_name!r}: {exc} (looked in the chain file's folder and on "
                                "PYTHONPATH)") from None
    finally:
        del sys.path[:len(path)]
    cls = getattr(module, class_name, None)
    if cls is None:
        raise cfg.error("type", f"module {module_name!r} has no {class_name!r}")
    try:
        transform = cls()
        configure = getattr(transform, "configure", None)
        if configure is not None:
            configure({key: cfg.raw(key) for key in cfg.keys()})
    except Exception as exc:  # the user's code: whatever it raises is a configuration problem to report
        raise cfg.error(None, f"{cfg.type_name} failed to configure: {type(exc).__name__}: {exc}") from None
    if not callable(getattr(transform, "apply", None)):
        raise cfg.error("type", f"{cfg.type_name} has no apply(record) method")
    return CustomSpec(cfg.alias, cfg.type_name, on_key, transform)
