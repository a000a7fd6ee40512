"""java.text.SimpleDateFormat, in UTC and the JVM's default ``en`` locale: one pattern compiled once, then
``format(millis)`` and ``parse(text)`` with Java's exact results (TimestampConverter and TimestampRouter share it).

- **Patterns** are compiled as ``SimpleDateFormat.compile`` does: letters ``GyMdkHmsSEDFwWahKzZYuXL`` repeat into
  fields, ``'...'`` quotes text and ``''`` is a quote; any other ASCII letter, an unterminated quote or ``XXXX``
  raise PatternError (Java's IllegalArgumentException).
- **Formatting** (java_calendar.Fields): Julian before 1582-10-15, BC years, and every epoch millisecond a Java long
  holds. English names: ``MMM`` Jan, ``MMMM`` January, ``E``..``EEE`` Mon, ``EEEE`` Monday, ``G`` AD/BC, ``a``
  AM/PM, ``z`` UTC, ``zzzz`` Coordinated Universal Time, ``Z`` +0000, ``X`` Z.
- **Parsing** (java_parse.py) is Java's lenient parse: see there.
"""

from __future__ import annotations

from .java_calendar import AM_PM_NAMES, ERAS, MONTHS, WEEKDAYS, Fields
from .java_parse import Parser

PATTERN_LETTERS = "GyMdkHmsSEDFwWahKzZYuXL"
MAX_DIGITS = 309  # DecimalFormat pads to at most 309 digits (DOUBLE_INTEGER_DIGITS)
_WEEK_LETTERS = frozenset("DFwWY")


class PatternError(ValueError):
    """The pattern is one SimpleDateFormat refuses (IllegalArgumentException in Java)."""


def compile_pattern(pattern: str) -> tuple:
    """The pattern as a tuple of fields ``(letter, count)`` and literal strings."""
    out: list = []
    literal: list = []
    letter, count = "", 0
    quoted = False
    i, n = 0, len(pattern)

    def flush_field():
        nonlocal letter, count
        if count:
            if letter == "X" and count >= 4:
                raise PatternError(f"'X' takes 1 to 3 letters (ISO 8601 zone), not {count}")
            if literal:
                out.append("".join(literal))
                literal.clear()
            out.append((letter, count))
            letter, count = "", 0

    while i < n:
        c = pattern[i]
        if c == "'":
            if i + 1 < n and pattern[i + 1] == "'":  # '' is a quote, inside quotes or not
                flush_field()
                literal.append("'")
                i += 2
                continue
            flush_field()
            quoted = not quoted
        elif quoted:
            literal.append(c)
        elif not ("a" <= c <= "z" or "A" <= c <= "Z"):
            flush_field()
            literal.append(c)
        elif c not in PATTERN_LETTERS:
            raise PatternError(f"illegal pattern letter {c!r} (SimpleDateFormat knows {PATTERN_LETTERS}); "
                               "quote literal text with '...'")
        elif count and c != letter:
            flush_field()
            letter, count = c, 1
        else:
            letter, count = c, count + 1
        i += 1
    if quoted:
        raise PatternError("unterminated quote: close the quoted text with '")
    flush_field()
    if literal:
        out.append("".join(literal))
    return tuple(out)


def pad(value: int, minimum: int, two_digits: bool = False) -> str:
    """SimpleDateFormat.zeroPaddingNumber: at least ``minimum`` digits; the last two only for ``yy``/``YY``."""
    digits = str(abs(value))
    if two_digits:
        digits = digits[-2:]
    digits = digits.rjust(min(minimum, MAX_DIGITS), "0")
    return "-" + digits if value < 0 else digits


def _format_field(letter: str, count: int, f: Fields) -> str:
    if letter in "yY":
        value = f.year_of_era if letter == "y" else f.week_year()
        return pad(value, 2, True) if count == 2 else pad(value, count)
    if letter in "ML":
        if count >= 4:
            return MONTHS[f.month]
        return MONTHS[f.month][:3] if count == 3 else pad(f.month + 1, count)
    if letter == "d":
        return pad(f.day, count)
    hour = f.tod // 3_600_000
    if letter == "H":
        return pad(hour, count)
    if letter == "k":
        return pad(hour or 24, count)
    if letter == "K":
        return pad(hour % 12, count)
    if letter == "h":
        return pad(hour % 12 or 12, count)
    if letter == "m":
        return pad(f.tod // 60_000 % 60, count)
    if letter == "s":
        return pad(f.tod // 1000 % 60, count)
    if letter == "S":
        return pad(f.tod % 1000, count)
    if letter == "E":
        name = WEEKDAYS[f.day_of_week]
        return name if count >= 4 else name[:3]
    if letter == "u":
        return pad((f.day_of_week + 5) % 7 + 1, count)
    if letter == "a":
        return AM_PM_NAMES[hour >= 12]
    if letter == "G":
        return ERAS[f.era]
    if letter == "z":
        return "Coordinated Universal Time" if count >= 4 else "UTC"
    if letter == "Z":
        return "+0000"
    if letter == "X":
        return "Z"
    doy, dowim, woy, wom = f.weeks()
    return pad({"D": doy, "F": dowim, "w": woy, "W": wom}[letter], count)


class DateFormat:
    """One SimpleDateFormat(pattern) with setTimeZone(UTC). ``error`` holds Java's refusal of the pattern (a
    PatternError) instead of raising it, for callers that fail per record (TimestampRouter)."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.error: PatternError | None = None
        try:
            self.parts = compile_pattern(pattern)
        except PatternError as exc:
            self.parts, self.error = (), exc
        self._parser = None
        # GregorianCalendar remembers whether the last date it computed was Julian; a lenient parse of a day in
        # the 1582 gap (October 5-14) depends on it (java_parse.py). Formatting and parsing both update it.
        self.last_julian = False

    def format(self, millis: int) -> str:
        if self.error is not None:
            raise self.error
        f = Fields(millis)
        self.last_julian = f.julian
        return "".join(part if type(part) is str else _format_field(part[0], part[1], f) for part in self.parts)

    def parse(self, text: str) -> int:
        """Epoch millis of ``text`` (DateFormat.parse(String)); ValueError where Java throws ParseException."""
        if self._parser is None:
            self._parser = Parser(self)
        return self._parser.parse(text)

    def uses_week_fields(self) -> bool:
        return any(type(part) is tuple and part[0] in _WEEK_LETTERS for part in self.parts)
