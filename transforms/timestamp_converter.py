"""TimestampConverter$Key / $Value — configuration and conversions shared by both twins (timestamp_converter_py.py,
timestamp_converter_c.pyx).

Kafka: ``TimestampConverter.java``, schemaless path. With ``field`` empty the whole key/value is converted (a null
stays null); otherwise it must be a map, which is copied with ``field`` converted, and a missing ``field`` is added
as null. The source type is inferred: a datetime (``java.util.Date``) is a Timestamp, an int (``Long``) is unix
time in ``unix.precision``, a string is parsed with ``format`` (java_datetime.py: SimpleDateFormat, lenient, UTC);
anything else (a bool, a float, a list, a map) is a DataError. Targets: ``string`` (``format``), ``unix`` (an int),
``Date`` (midnight UTC), ``Time`` (the time of day on 1970-01-01), ``Timestamp`` (a UTC datetime).

Java's arithmetic, kept: seconds -> millis and millis -> micros/nanos saturate at the long range (TimeUnit);
micros/nanos -> millis and millis -> seconds truncate toward zero (-1500 µs is -1 ms). Deliberate differences: a
pattern with ``Y`` (week year) is refused at configuration (smtbench does not parse it like Java does), a zone name
other than UTC is not parsed (java_parse.py), and a Date/Timestamp result outside years 1-9999, which a Python
datetime cannot hold, is a DataError where Java returns the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .configdef import TransformConfig
from .java_datetime import DateFormat
from .java_parse import UNPARSEABLE_LETTERS
from .spec import Spec

TARGETS = ("string", "unix", "Date", "Time", "Timestamp")
PRECISIONS = {"nanoseconds": -1_000_000, "microseconds": -1000, "milliseconds": 1, "seconds": 1000}
_LONG_MIN, _LONG_MAX = -2**63, 2**63 - 1
_DAY = 86_400_000
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_MS = datetime.timedelta(milliseconds=1)
_MIN_MS, _MAX_MS = -62_135_596_800_000, 253_402_300_799_999  # what a Python datetime holds (years 1-9999)


@dataclass(frozen=True)
class TimestampConverterSpec(Spec):
    purpose = "converting timestamp formats"

    field: str
    target: str
    format: DateFormat | None
    precision: int  # unix.precision: millis per unit (1000 = seconds), or -units per milli (-1000 = micros)

    def convert(self, value, field):
        """Kafka's convertTimestamp: the value as the target type (None stays None)."""
        if value is None:
            return None
        kind = type(value)
        if kind is int:
            millis = self.unix_to_millis(value)
        elif kind is str:
            if self.format is None:
                raise self.data_error(f"{self._where(field)} is a string, but no format is set to parse it "
                                      "(Kafka fails with a NullPointerException)", field or None)
            try:
                millis = self.format.parse(value)
            except ValueError as exc:
                raise self.data_error(f"could not parse {value!r} ({self._where(field)}) with pattern "
                                      f"{self.format.pattern!r}: {exc}", field or None) from None
        elif isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=datetime.timezone.utc)
            millis = (value - _EPOCH) // _MS
        else:
            raise self.data_error(f"{self._where(field)} is a {kind.__name__}: TimestampConverter takes an int64 "
                                  "(unix time), a string or a datetime", field or None)
        return self.from_millis(millis, field)

    def _where(self, field):
        return f"field {field!r} of the record {self.side}" if field else f"the record {self.side}"

    def unix_to_millis(self, value: int) -> int:
        unit = self.precision
        if unit == 1:
            return value
        if unit > 0:
            return max(_LONG_MIN, min(_LONG_MAX, value * unit))
        quotient = abs(value) // -unit
        return quotient if value >= 0 else -quotient

    def from_millis(self, millis: int, field):
        target = self.target
        if target == "unix":
            unit = self.precision
            if unit == 1:
                return millis
            if unit > 0:
                quotient = abs(millis) // unit
                return quotient if millis >= 0 else -quotient
            return max(_LONG_MIN, min(_LONG_MAX, millis * -unit))
        if target == "string":
            return self.format.format(millis)
        if target == "Date":
            millis = (millis // _DAY) * _DAY
            if millis < _LONG_MIN:
                millis += 2**64  # Java's long arithmetic wraps there
        elif target == "Time":
            millis %= _DAY
        if not _MIN_MS <= millis <= _MAX_MS:
            raise self.data_error(f"the {target} of {self._where(field)} is {millis} ms from 1970, outside the years "
                                  "1-9999 a Python datetime holds", field or None)
        return _EPOCH + datetime.timedelta(milliseconds=millis)


def parse(cfg: TransformConfig, on_key: bool) -> TimestampConverterSpec:
    field = cfg.string("field", "")
    target = cfg.string("target.type")
    if target not in TARGETS:
        raise cfg.error("target.type", f"target.type must be one of {', '.join(TARGETS)} (case matters), "
                                       f"not {target!r}")
    precision = cfg.string("unix.precision", "milliseconds")
    if precision not in PRECISIONS:
        raise cfg.error("unix.precision", f"unix.precision must be one of {', '.join(PRECISIONS)}, "
                                          f"not {precision!r}")
    cfg.boolean("replace.null.with.default", True)  # Kafka reads it; only its schema path uses it
    pattern = cfg.string("format", "")
    fmt = None
    if pattern:
        fmt = DateFormat(pattern)
        if fmt.error is not None:
            raise cfg.error("format", f"format {pattern!r} is not a SimpleDateFormat pattern: {fmt.error}")
        for part in fmt.parts:
            if type(part) is tuple and part[0] in UNPARSEABLE_LETTERS:
                raise cfg.error("format", f"TimestampConverter cannot parse pattern letter {part[0]!r} the way Java "
                                          f"does: {UNPARSEABLE_LETTERS[part[0]]}; use y (year) instead")
    elif target == "string":
        raise cfg.error("format", "target.type string needs a format (a SimpleDateFormat pattern such as "
                                  "yyyy-MM-dd'T'HH:mm:ss.SSSZ)")
    return TimestampConverterSpec(cfg.alias, cfg.type_name, on_key, field, target, fmt, PRECISIONS[precision])
