"""Filter — the pure-Python twin (the reference). Configuration: filter.py."""

from __future__ import annotations

from .stage_py import Stage


class Filter(Stage):
    """Drop the record: the chain stops here."""

    def apply(self, record):
        return None
