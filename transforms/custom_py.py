"""A custom transform in the Python chain: the user's own apply(), called directly. Configuration: custom.py."""

from __future__ import annotations

from .custom import CustomSpec


class Custom:
    def __init__(self, spec: CustomSpec):
        self.spec = spec
        self.apply = spec.transform.apply  # no wrapper call per record
