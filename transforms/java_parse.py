"""SimpleDateFormat.parse(String), lenient, in UTC: what TimestampConverter does with a string timestamp.

Java's rules, reproduced (and proven against Java by tests/test_timestamp_converter.py):
- Parsing starts at index 0 and stops at the end of the pattern: trailing text is ignored ("2024-01-05xyz").
- Spaces and tabs before a field are skipped. A literal matches itself only (Java 17: a no-break space is not a
  space).
- Numbers are DecimalFormat's: an optional ``-``, any Unicode decimal digits, ``E`` and an exponent (``1E3`` is
  1000), ``NaN`` (0) and ``∞`` (the largest int); they end at the first other character. A numeric field directly
  followed by another numeric field reads exactly as many characters as it has letters (``yyyyMMdd``).
- ``y``/``yy`` with exactly two digits is put in the century around now (80 years back, 20 ahead).
- Names (months, weekdays, AM/PM, eras) match case-insensitively, the longest first; ``E`` tries full names first.
- Out-of-range values roll over (month 13, day 45, hour 25), as the lenient calendar does; the fields are then
  resolved as GregorianCalendar resolves them (the field set last wins among competing ones).
- Zones: ``Z``/``z`` take ``+hhmm``, ``-hhmm``, ``GMT``, ``GMT+h:mm``, ``UTC`` and ``Coordinated Universal Time``;
  ``X`` takes ``Z``, ``+hh``, ``+hhmm`` or ``+hh:mm`` by its count. Java also knows every other zone name of its
  locale data (``PST``, ``CET``, ...) and then switches the format to that zone for later records: smtbench refuses
  such a name (a DataError), where Java would go on.
- ``Y`` (week year) is not parsed: Connect configurations with it are refused (TimestampConverter's ``format``).
"""

from __future__ import annotations

import datetime
import time
import unicodedata

from .java_calendar import (AM_PM, DAY_OF_MONTH, DAY_OF_WEEK, DAY_OF_WEEK_IN_MONTH, DAY_OF_YEAR, DST_OFFSET, ERA,
                            HOUR, HOUR_OF_DAY, MILLISECOND, MINUTE, MONTH, SECOND, WEEK_OF_MONTH, WEEK_OF_YEAR, YEAR,
                            ZONE_OFFSET, AM_PM_NAMES, ERAS, MONTHS, WEEKDAYS, hybrid_leap, wrap32)
from .java_resolve import compute_time

UNPARSEABLE_LETTERS = {"Y": "a week-based year needs Java's week-date resolution, which smtbench does not mirror"}
_NUMERIC = frozenset("ydHkKhmsSDFwWu")  # always numbers; M and L too with 1 or 2 letters
_OBEY_NEXT = frozenset("ydkHmsSDFwWhKYu")
_FIELD = {"d": DAY_OF_MONTH, "H": HOUR_OF_DAY, "m": MINUTE, "s": SECOND, "S": MILLISECOND, "D": DAY_OF_YEAR,
          "F": DAY_OF_WEEK_IN_MONTH, "w": WEEK_OF_YEAR, "W": WEEK_OF_MONTH, "K": HOUR, "u": DAY_OF_WEEK}
_ERA_NAMES = {"AD": 1, "BC": 0, "Anno Domini": 1, "Before Christ": 0}
_MONTH_NAMES = {**{name: i for i, name in enumerate(MONTHS)}, **{name[:3]: i for i, name in enumerate(MONTHS)}}
_LONG_DAYS = {name: i for i, name in enumerate(WEEKDAYS) if name}
_SHORT_DAYS = {name[:3]: i for name, i in _LONG_DAYS.items()}
_AM_PM_NAMES = {name: i for i, name in enumerate(AM_PM_NAMES)}
_UTC_NAMES = ("Coordinated Universal Time", "UTC")
_INT_MAX, _INT_MIN = 2**31 - 1, -2**31


class ParseFailure(ValueError):
    pass


def _fold(c: str) -> str:
    upper = c.upper()
    upper = upper if len(upper) == 1 else c
    lower = upper.lower()
    return lower if len(lower) == 1 else upper


def _region_matches(text: str, start: int, name: str) -> bool:
    """String.regionMatches(ignoreCase=true, ...)."""
    if start < 0 or start + len(name) > len(text):
        return False
    return all(a == b or _fold(a) == _fold(b) for a, b in zip(text[start:start + len(name)], name))


def _match(text: str, start: int, names: dict):
    best = None
    for name in names:
        if (best is None or len(name) > len(best)) and _region_matches(text, start, name):
            best = name
    return (None, -1) if best is None else (names[best], start + len(best))


def _digit(c: str) -> int:
    return unicodedata.decimal(c, -1) if c >= "\x80" else (ord(c) - 48 if "0" <= c <= "9" else -1)


def _number(text: str, i: int):
    """NumberFormat.getIntegerInstance(en).parse(text, pos) then intValue(): (value, end) or (None, i)."""
    if text.startswith("NaN", i):
        return 0, i + 3
    negative = text.startswith("-", i)
    pos = i + negative
    n = len(text)
    if text.startswith("∞", pos):
        return (_INT_MIN if negative else _INT_MAX), pos + 1
    digits, count, saw_digit = [], 0, False
    while pos < n:
        d = _digit(text[pos])
        if 0 <= d <= 9:
            saw_digit = True
            if d or digits:
                digits.append(str(d))
            if d or digits:
                count += 1
            pos += 1
            continue
        if text[pos] == "E":  # DecimalFormat reads an exponent even in an integer format
            exp_pos = pos + 1 + text.startswith("-", pos + 1)
            exp_digits = []
            while exp_pos < n and 0 <= _digit(text[exp_pos]) <= 9:
                exp_digits.append(str(_digit(text[exp_pos])))
                exp_pos += 1
            if exp_digits and saw_digit:
                exponent = int("".join(exp_digits))
                minus = text.startswith("-", pos + 1)
                if exponent < 2**63 or (minus and exponent == 2**63):
                    exponent = wrap32(-wrap32(exponent) if minus else exponent)
                    return _value(digits, wrap32(count + exponent), negative), exp_pos
        break
    if not saw_digit:
        return None, i
    return _value(digits, count, negative), pos


def _value(digits: list, decimal_at: int, negative: bool) -> int:
    while digits and digits[-1] == "0":
        digits.pop()
    if not digits:
        return 0
    mantissa = "".join(digits)
    if len(digits) <= decimal_at <= 19:
        magnitude = int(mantissa) * 10 ** (decimal_at - len(digits))
        if magnitude < 2**63 or (negative and magnitude == 2**63):
            return wrap32(-magnitude if negative else magnitude)  # Long.intValue()
    value = float(f".{mantissa}E{decimal_at}")
    value = -value if negative else value
    if value != value:
        return 0
    return _INT_MAX if value >= _INT_MAX else _INT_MIN if value <= _INT_MIN else int(value)  # Double.intValue()


def _century_start() -> tuple:
    """SimpleDateFormat's two-digit-year window: starts 80 years before now (the JVM's default zone is UTC here)."""
    now_ms = time.time_ns() // 1_000_000
    now = datetime.datetime.fromtimestamp(now_ms / 1000, datetime.timezone.utc)
    year = now.year - 80
    day = min(now.day, 28) if now.month == 2 and now.day == 29 and not hybrid_leap(year) else now.day
    start = now.replace(year=year, day=day)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (start - epoch) // datetime.timedelta(milliseconds=1), year


class Parser:
    def __init__(self, fmt):
        self.fmt = fmt
        self.parts = fmt.parts
        self.century_start, self.century_year = _century_start()

    def parse(self, text: str) -> int:
        fields: dict = {}  # Calendar field -> (stamp, value), as CalendarBuilder holds them
        ambiguous = False
        pos = 0
        parts = self.parts
        n = len(text)
        for index, part in enumerate(parts):
            if type(part) is str:
                for c in part:
                    if pos >= n or text[pos] != c:
                        raise ParseFailure(f"expected {c!r} at index {pos}")
                    pos += 1
                continue
            letter, count = part
            after = parts[index + 1] if index + 1 < len(parts) else None
            obey = type(after) is tuple and (after[0] in _OBEY_NEXT or (after[0] in "ML" and after[1] <= 2))
            pos, amb = self._field(text, pos, letter, count, obey, fields)
            if amb is not None:  # only a two-digit year sets (or clears) it, as in Java
                ambiguous = amb
        millis = self._establish(fields)
        if ambiguous and millis < self.century_start:
            stamp, year = fields[YEAR]
            fields[YEAR] = (stamp, wrap32(year + 100))
            millis = self._establish(fields)
        return millis

    def _field(self, text, start, letter, count, obey, fields):
        n = len(text)
        i = start
        while True:
            if i >= n:
                raise ParseFailure(f"text ends before the {letter!r} field")
            if text[i] not in " \t":
                break
            i += 1
        actual = i
        value = 0

        def number(limit):
            nonlocal i
            if obey:
                if start + count > n:
                    raise ParseFailure(f"too few characters for {letter * count}")
                found, end = _number(text[:start + count], i)
            else:
                found, end = _number(text, i)
            if found is None:
                raise ParseFailure(f"no number at index {i} for {letter * count}")
            i = end
            return found

        def put(field, val):
            fields[field] = (max((s for s, _ in fields.values()), default=1) + 1, wrap32(val))

        if letter in "khyY" or (letter in "ML" and count <= 2):
            value = number(None)
        if letter in "yY":
            ambiguous = None
            if (count <= 2 and i - actual == 2 and _digit(text[actual]) >= 0 and _digit(text[actual + 1]) >= 0):
                two_digit = self.century_year % 100
                ambiguous = value == two_digit
                value += (self.century_year // 100) * 100 + (100 if value < two_digit else 0)
            put(YEAR, value)
            return i, ambiguous
        if letter in "ML":
            if count <= 2:
                put(MONTH, wrap32(value - 1))
                return i, False
            return self._named(text, start, _MONTH_NAMES, MONTH, put, letter), False
        if letter == "k":
            put(HOUR_OF_DAY, 0 if value == 24 else value)
            return i, False
        if letter == "h":
            put(HOUR, 0 if value == 12 else value)
            return i, False
        if letter == "G":
            return self._named(text, start, _ERA_NAMES, ERA, put, letter), False
        if letter == "a":
            return self._named(text, start, _AM_PM_NAMES, AM_PM, put, letter), False
        if letter == "E":
            found, end = _match(text, start, _LONG_DAYS)
            if found is None:
                found, end = _match(text, start, _SHORT_DAYS)
            if found is None:
                raise ParseFailure(f"no weekday name at index {start}")
            put(DAY_OF_WEEK, found)
            return end, False
        if letter in "zZ":
            return _zone(text, start, i, put), False
        if letter == "X":
            return _iso_zone(text, i, count, put), False
        value = number(None)
        if letter == "u" and 1 <= value <= 7:
            value = value % 7 + 1  # ISO Monday=1 .. Sunday=7 -> Calendar SUNDAY=1 .. SATURDAY=7
        put(_FIELD[letter], value)
        return i, False

    @staticmethod
    def _named(text, start, names, field, put, letter):
        found, end = _match(text, start, names)
        if found is None:
            raise ParseFailure(f"no name for {letter!r} at index {start}")
        put(field, found)
        return end

    def _establish(self, fields: dict) -> int:
        millis, julian = compute_time(fields, self.fmt.last_julian)
        self.fmt.last_julian = julian
        return millis


def _zone(text, start, i, put):
    c = text[i]
    sign = 1 if c == "+" else -1 if c == "-" else 0
    if sign == 0:
        if c in "Gg" and len(text) - start >= 3 and _region_matches(text, start, "GMT"):
            i = start + 3
            if i < len(text):
                sign = 1 if text[i] == "+" else -1 if text[i] == "-" else 0
            if sign == 0:
                put(ZONE_OFFSET, 0)
                put(DST_OFFSET, 0)
                return i
            return _numeric_zone(text, i + 1, sign, 0, True, put)
        for name in _UTC_NAMES:
            if _region_matches(text, i, name):
                return i + len(name)
        raise ParseFailure(f"no time zone at index {i}: smtbench reads +hhmm, GMT+h:mm and UTC; Java would also "
                           "look the text up among its locale's zone names (PST, CET, ...)")
    return _numeric_zone(text, i + 1, sign, 0, False, put)


def _iso_zone(text, i, count, put):
    c = text[i]
    if c == "Z":
        put(ZONE_OFFSET, 0)
        put(DST_OFFSET, 0)
        return i + 1
    if c not in "+-":
        raise ParseFailure(f"no ISO 8601 zone at index {i}")
    return _numeric_zone(text, i + 1, 1 if c == "+" else -1, count, count == 3, put)


def _numeric_zone(text, index, sign, count, colon, put):
    """SimpleDateFormat.subParseNumericZone: hh[[:]mm]."""
    def at(k):
        if k >= len(text):
            raise ParseFailure("time zone offset cut short")
        return text[k]

    c = at(index)
    index += 1
    if not "0" <= c <= "9":
        raise ParseFailure("time zone offset without digits")
    hours = ord(c) - 48
    c = at(index)
    index += 1
    if "0" <= c <= "9":
        hours = hours * 10 + ord(c) - 48
    else:
        if count > 0 or not colon:
            raise ParseFailure("time zone hours need two digits")
        index -= 1
    if hours > 23:
        raise ParseFailure("time zone hours above 23")
    minutes = 0
    if count != 1:
        c = at(index)
        index += 1
        if colon:
            if c != ":":
                raise ParseFailure("time zone offset needs ':'")
            c = at(index)
            index += 1
        if not "0" <= c <= "9":
            raise ParseFailure("time zone minutes need two digits")
        minutes = ord(c) - 48
        c = at(index)
        index += 1
        if not "0" <= c <= "9":
            raise ParseFailure("time zone minutes need two digits")
        minutes = minutes * 10 + ord(c) - 48
        if minutes > 59:
            raise ParseFailure("time zone minutes above 59")
    put(ZONE_OFFSET, (minutes + hours * 60) * 60_000 * sign)
    put(DST_OFFSET, 0)
    return index

