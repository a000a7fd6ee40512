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
        return scrub(f"{where}: {self.message}" if where else self.message)


_SECRETS: set[str] = set()


def hide_secrets(values) -> None:
    """Remember values never to show (a connector's passwords, a --header's credentials): ``scrub`` masks them."""
    _SECRETS.update(value for value in values if isinstance(value, str) and len(value) >= 3)


def scrub(text: str) -> str:
    """``text`` with every remembered secret masked as Connect masks a Password: ``[hidden]``."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "[hidden]")
    return text
