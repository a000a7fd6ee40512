"""Errors and warnings a transform raises: one place, shared by both twins so messages cannot drift."""

from __future__ import annotations


class TransformError(Exception):
    """A transform could not be configured or could not handle a record.

    ``str(err)`` is one line: ``chain.yaml:9: transform 'rename' (ReplaceField$Value): <what is wrong>``, where the
    location (``file:line``) is known when the chain came from a file (``parse_chain(configs, source)`` sets it).
    The parts stay available as attributes.
    """

    def __init__(self, message: str, *, alias: str | None = None, type_name: str | None = None,
                 location: str | None = None, subject: str = "transform"):
        super().__init__(message)
        self.message = message
        self.alias = alias
        self.type_name = type_name
        self.location = location
        self.subject = subject  # "transform", or "predicate" for a predicate's configuration

    @property
    def where(self) -> str:
        """``transform 'rename' (ReplaceField$Value)``, or what is known of it."""
        if self.alias is None and self.type_name is None:
            return ""
        alias = f"{self.subject} {self.alias!r}" if self.alias is not None else self.subject
        return f"{alias} ({self.type_name})" if self.type_name else alias

    def __str__(self) -> str:
        parts = [part for part in (self.location, self.where) if part]
        return ": ".join(parts + [self.message])

    def __reduce__(self):  # keep the keyword-only parts when pickled (pyperf workers, multiprocessing)
        return _rebuild, (type(self), self.message, self.__dict__)


def _rebuild(cls, message, state):
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class ConfigError(TransformError):
    """Bad configuration: names the transform and the config ``key`` at fault."""

    def __init__(self, message: str, *, key: str | None = None, alias: str | None = None,
                 type_name: str | None = None, location: str | None = None, subject: str = "transform"):
        super().__init__(message, alias=alias, type_name=type_name, location=location, subject=subject)
        self.key = key


class DataError(TransformError):
    """A record the transform cannot handle: names the transform and the ``field`` at fault."""

    def __init__(self, message: str, *, field: str | None = None, alias: str | None = None,
                 type_name: str | None = None, location: str | None = None):
        super().__init__(message, alias=alias, type_name=type_name, location=location)
        self.field = field


class ConfigWarning(UserWarning):
    """Configuration Kafka accepts silently but that is probably a mistake (an unknown or removed key).

    ``alias`` and ``key`` say where, as on ConfigError, and ``location`` the ``file:line`` when it is known.
    """

    def __init__(self, message: str, *, alias: str | None = None, key: str | None = None,
                 location: str | None = None):
        super().__init__(message)
        self.alias = alias
        self.key = key
        self.location = location
