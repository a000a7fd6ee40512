"""What every transform's parsed configuration carries, and the data errors both twins raise from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .errors import DataError


@dataclass(frozen=True)
class Spec:
    """A transform's configuration, parsed once in plain Python and handed to either twin.

    ``on_key`` is True for a ``$Key`` variant (the transform reads and writes ``record.key``), False for ``$Value``
    and for transforms that act on the whole record (RegexRouter).
    """

    alias: str
    type_name: str
    on_key: bool
    #: Kafka's ``PURPOSE`` for the family, quoted in its "Only Map objects supported" error.
    purpose: ClassVar[str] = ""

    @property
    def side(self) -> str:
        return "key" if self.on_key else "value"

    def data_error(self, message: str, field: str | None = None) -> DataError:
        return DataError(message, field=field, alias=self.alias, type_name=self.type_name)

    def not_a_map(self, found: object) -> DataError:
        # Kafka: "Only Map objects supported in absence of schema for [<purpose>], found: <class>"
        return self.data_error(
            f"only maps are supported without a schema for [{self.purpose}], found {type(found).__name__} "
            f"as the record {self.side}; use the {'$Value' if self.on_key else '$Key'} variant if the map is there"
        )

    def wrong_field_type(self, field: str, found: object, wanted: str) -> DataError:
        return self.data_error(
            f"field {field!r} of the record {self.side} is {type(found).__name__}, expected {wanted}", field=field
        )
