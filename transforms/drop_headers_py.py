"""DropHeaders — the pure-Python twin (the reference). Configuration: drop_headers.py."""

from __future__ import annotations

from .stage_py import Stage


class DropHeaders(Stage):
    """Remove every header with one of the configured names; the same record when none matches."""

    def apply(self, record):
        names = self.spec.names
        headers = record.headers
        kept = tuple(header for header in headers if header[0] not in names)
        return record if len(kept) == len(headers) else record.with_headers(kept)
