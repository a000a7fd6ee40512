"""A custom transform in the Python chain: the user's own apply(), called directly. Configuration: custom.py."""

from __future__ import annotations

from .stage_py import Stage


class Custom(Stage):
    def __init__(self, spec):
        super().__init__(spec)
        self.apply = spec.transform.apply  # no wrapper call per record
