"""The one error type the CLI turns into a single line and exit code 2."""

from __future__ import annotations


class BenchError(Exception):
    """Input the user can fix. ``str()`` is ``path:line: what is wrong (how to fix it)``; ``location`` stands for
    ``path:line`` when it comes whole (``ChainFile.locate``)."""

    def __init__(self, message: str, *, path=None, line: int | None = None, location: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.location = location

    def __str__(self) -> str:
        where = self.location or (f"{self.path}:{self.line}" if self.line else (str(self.path) if self.path else ""))
        return f"{where}: {self.message}" if where else self.message
