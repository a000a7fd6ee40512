"""DropHeaders — configuration shared by both twins (drop_headers_py.py, drop_headers_c.pyx).

Kafka: ``DropHeaders.java``. Every header whose name is in ``headers`` goes, however many times it appears; the
others stay, in order. The key and value are not looked at, so tombstones and non-maps pass like any record.

``headers`` (LIST) is required and must name at least one header; an empty entry (``"a,"``) is a ConfigError, as
in Kafka 4.3 (``ConfigDef.ValidList``); a name given twice is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class DropHeadersSpec(Spec):
    names: frozenset


def parse(cfg: TransformConfig, on_key: bool) -> DropHeadersSpec:
    cfg.raw("headers")  # required
    names = cfg.list("headers", empty_entries=False)
    if not names:
        raise cfg.error("headers", "'headers' must name at least one header to drop (e.g. headers: trace,debug)")
    return DropHeadersSpec(alias=cfg.alias, type_name=cfg.type_name, on_key=on_key, names=frozenset(names))
