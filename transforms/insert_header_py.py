"""InsertHeader — the pure-Python twin (the reference). Configuration: insert_header.py."""

from __future__ import annotations

from .stage_py import Stage


class InsertHeader(Stage):
    """Append one header, the parsed literal, to every record (the same value object each time, as Kafka)."""

    def __init__(self, spec):
        super().__init__(spec)
        self._header = ((spec.header, spec.value),)

    def apply(self, record):
        if self.spec.unrepresentable:
            raise self.spec.cannot_hold()
        return record.with_headers(tuple(record.headers) + self._header)
