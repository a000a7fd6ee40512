"""Kafka Connect's ``Values.parseString`` (connect-api 4.3), reproduced: how InsertHeader types ``value.literal``.

The grammar, as Connect's parser runs it (``parse_with_schema`` returns the Connect schema and the value):

- ``""`` is the empty STRING; ``null`` is no value at all; ``true`` / ``false`` (lower case, the whole literal)
  are BOOLEAN.
- ``[e, ...]`` is an ARRAY and ``{k: v, ...}`` a MAP of *embedded* values (below). A trailing ``,`` before the
  closing bracket is allowed, commas between map entries are optional, a null map key is refused. The elements
  take the schema they share, if any (ints widen to the widest int, ints and floats to the float, a Date, Time or
  Timestamp takes an int as days or milliseconds), and each is converted to it; a null element then makes the
  whole literal fail (a required schema). Any failure inside the brackets makes the whole literal a STRING.
- A token starting with a digit is first tried as a temporal (with the next four tokens, for ``12:30:00.000Z``):
  exactly 10, 13 or 24 UTF-16 units read by a lenient ``SimpleDateFormat`` (java_parse.py) as ``yyyy-MM-dd``
  (Date), ``HH:mm:ss.SSS'Z'`` (Time) or ``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`` (Timestamp); ``\\:`` counts as ``:``, and
  the ``'Z'`` is a letter: the JVM's default zone applies, UTC here.
- A token starting with a digit, ``+`` or ``-`` is then read as a Java ``BigDecimal``: a whole number in the long
  range is the narrowest of INT8, INT16, INT32, INT64; otherwise FLOAT32 if the float is finite and the scale not 0,
  else FLOAT64 if the double is finite and the scale not 0, else a Decimal of that scale.
- Anything else is the whole literal as a STRING (only the first token of a top-level literal is read: ``1,2`` is
  1). Embedded, a quoted ``"..."`` is a STRING (or a temporal), and an unquoted word fails the enclosing brackets.
- Tokens split on ``" , : [ ] { }`` unless escaped by a backslash; the backslashes stay in the text.

Python types, as the jvm bridge carries Connect's: STRING ``str``, BOOLEAN ``bool``, INT8 / INT16 / INT32
``Int8`` / ``Int16`` / ``Int32`` and FLOAT32 ``Float32`` (java_types.py), INT64 ``int``, FLOAT64 ``float``, Decimal
``decimal.Decimal`` (its exponent is minus the BigDecimal's scale), Date / Time / Timestamp a UTC ``datetime``, ARRAY
``list``, MAP ``dict``; elements of an array or map take the class of the schema they share. Two results have no
Python form and raise ``Unrepresentable``: a moment outside the years 1..9999 and a map key that is a list or a map.
"""

from __future__ import annotations

import datetime
import math
import unicodedata
from decimal import Decimal

from .configdef import java_trim
from .java_datetime import DateFormat
from .java_number import big_decimal, big_decimal_double, big_decimal_float, double_to_float, wrap
from .java_types import Float32, Int8, Int16, Int32

_DELIMITERS = frozenset('",:[]{}')
_LOGICAL_TYPE = {"Date": "INT32", "Time": "INT32", "Timestamp": "INT64", "Decimal": "BYTES"}
_NUMERIC_RANK = {"INT8": 0, "INT16": 1, "INT32": 2, "INT64": 3, "FLOAT32": 4, "FLOAT64": 5}
_INTS = (("INT8", Int8, 2**7), ("INT16", Int16, 2**15), ("INT32", Int32, 2**31), ("INT64", int, 2**63))
_NUMBER_CLASS = {"INT8": Int8, "INT16": Int16, "INT32": Int32, "INT64": int, "FLOAT64": float}
#: The ISO patterns Values tries, by the exact length of the text (in UTF-16 units).
_TEMPORAL = {10: ("Date", "yyyy-MM-dd"), 13: ("Time", "HH:mm:ss.SSS'Z'"),
             24: ("Timestamp", "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")}
ONE_DAY = 86_400_000
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_MIN_MILLIS, _MAX_MILLIS = -62_135_596_800_000, 253_402_300_799_999  # years 1..9999


class Unrepresentable(ValueError):
    """Kafka parses the literal into a value Python cannot hold (a far date, a list as a map key)."""


class _Invalid(Exception):
    """Connect's DataException inside the parser: the enclosing brackets fail."""


class _Moment:
    """A java.util.Date inside the parser: milliseconds since the epoch."""

    __slots__ = ("millis",)

    def __init__(self, millis: int):
        self.millis = millis


class _JavaMap:
    """A LinkedHashMap: keys compared as Java does (Byte 0 and Float -0.0 differ), insertion order kept."""

    def __init__(self):
        self.entries: dict = {}

    def put(self, key, value) -> None:
        slot = _java_key(key)
        if slot in self.entries:
            self.entries[slot] = (self.entries[slot][0], value)
        else:
            self.entries[slot] = (key, value)


def _java_key(value):
    if isinstance(value, float):  # Float and Double differ, and so do 0.0 and -0.0
        return (type(value).__name__, value, math.copysign(1.0, value))
    if isinstance(value, Decimal):  # BigDecimal.equals: the same unscaled value and scale
        return ("Decimal", value.as_tuple())
    if isinstance(value, _Moment):
        return ("date", value.millis)
    if isinstance(value, list):
        return ("list", tuple(_java_key(item) for item in value))
    if isinstance(value, _JavaMap):
        return ("map", frozenset((slot, _java_key(item)) for slot, (_, item) in value.entries.items()))
    return (type(value).__name__, value)  # Byte, Short, Integer, Long, Boolean, String differ


def _is_digit(ch: str) -> bool:
    """``Character.isDigit(ch)`` for one UTF-16 unit."""
    return unicodedata.decimal(ch, -1) >= 0


# --- Java strings: UTF-16 code units, as Connect's parser and SimpleDateFormat count and read them ---------------

def _to_units(text: str) -> str:
    if all(ord(ch) < 0x10000 for ch in text):
        return text
    raw = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(raw[i:i + 2], "little")) for i in range(0, len(raw), 2))


def _from_units(units: str) -> str:
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _is_blank(token: str) -> bool:
    return java_trim(token) == ""


class _Tokens:
    """Connect's tokenizer (``Values.Parser``): one token of look-ahead, marks and rewinds."""

    def __init__(self, text: str):
        self.text, self.pos = text, 0
        self.ahead: str | None = None  # the token read ahead by can_consume, not yet taken

    def mark(self) -> int:
        return self.pos - (len(self.ahead) if self.ahead is not None else 0)

    def rewind(self, mark: int) -> None:
        self.pos, self.ahead = mark, None

    def has_next(self) -> bool:
        return self.ahead is not None or self.pos < len(self.text)

    def next(self) -> str:
        if self.ahead is None:
            return self._read()
        token, self.ahead = self.ahead, None
        return token

    def next_text(self, count: int) -> str | None:
        """The text of the next ``count`` tokens, or None (and nothing taken) when there are fewer."""
        start = self.mark()
        for _ in range(count):
            if not self.has_next():
                self.rewind(start)
                return None
            self.next()
        return self.text[start:self.pos]

    def can_consume(self, expected: str) -> bool:
        """Takes the next non-blank token when, trimmed, it is ``expected``; blank tokens before it are lost."""
        if self.ahead is None:
            if not self.has_next():
                return False
            self.ahead = self._read()
        while _is_blank(self.ahead) and self.pos < len(self.text):
            self.ahead = self._read()
        if java_trim(self.ahead) == expected:
            self.ahead = None
            return True
        return False

    def _read(self) -> str:
        text, start, escaped = self.text, self.pos, False
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _DELIMITERS and not escaped:
                if start < self.pos:
                    return text[start:self.pos]
                self.pos += 1
                return ch
            escaped = ch == "\\" and not escaped
            self.pos += 1
        return text[start:self.pos]


# --- numbers: the narrowing Values does --------------------------------------------------------------------------

def _parse_number(token: str):
    unscaled, scale = big_decimal(token)  # ValueError where Java's BigDecimal refuses the token
    sign, digits = int(unscaled < 0), tuple(map(int, str(abs(unscaled))))
    decimal = Decimal((sign, digits, -scale))
    magnitude = decimal.copy_abs()
    if magnitude <= Decimal(10**19) and (magnitude >= 1 or unscaled == 0):
        if unscaled == 0 or scale <= 0 or unscaled % 10**scale == 0:
            whole = 0 if unscaled == 0 else unscaled * 10**-scale if scale <= 0 else unscaled // 10**scale
            for schema, kind, bound in _INTS:
                if -bound <= whole < bound:
                    return schema, kind(whole)
    single = big_decimal_float(token)
    if not math.isinf(single) and scale != 0:
        return "FLOAT32", Float32(single)
    double = big_decimal_double(token)
    if not math.isinf(double) and scale != 0:
        return "FLOAT64", double
    return "Decimal", decimal


def _temporal(text: str):
    """Values.parseAsTemporal: a fresh lenient SimpleDateFormat (UTC) for the pattern of the text's length."""
    text = text.replace("\\:", ":")
    found = _TEMPORAL.get(len(text))
    if found is None:
        return None
    try:
        return found[0], _Moment(DateFormat(found[1]).parse(text))
    except ValueError:
        return None


# --- schemas shared by the elements of an array or a map, and the conversion to them ----------------------------

def _common(previous: str | None, schema: str | None, compatible: bool):
    """Values.SchemaMerger.merge: (common schema, still compatible)."""
    if schema is None or not compatible:
        return previous, compatible
    if previous is None:
        return schema, True
    old, new = _LOGICAL_TYPE.get(previous, previous), _LOGICAL_TYPE.get(schema, schema)
    if old == new:
        return schema, True
    if old in _NUMERIC_RANK and new in _NUMERIC_RANK:
        return (previous if _NUMERIC_RANK[old] > _NUMERIC_RANK[new] else schema), True
    return None, False


def _convert(schema: str, value):
    """Values.convertTo(schema, null, value) for the schemas a merge can produce (all required)."""
    if value is None:
        raise _Invalid("a null element where the shared schema requires a value")
    if schema in ("Date", "Time", "Timestamp"):
        if isinstance(value, _Moment):
            return value
        if schema == "Timestamp":
            return _Moment(value)
        number = wrap(value, 32)
        if schema == "Date":
            return _Moment(number * ONE_DAY)
        if not 0 <= number <= ONE_DAY:
            raise _Invalid("a Time out of the day")
        return _Moment(number)
    if isinstance(value, _Moment) and schema in _NUMERIC_RANK:
        raise _Invalid("a date where a number is required")
    if schema == "FLOAT32":  # (float) of the double: a long rounds twice
        return value if isinstance(value, Float32) else Float32(double_to_float(float(value)))
    if schema in _NUMBER_CLASS:  # the value as Connect's class of that schema: Byte 1 becomes Short 1
        return _NUMBER_CLASS[schema](value)
    return value


class _Parser:
    """Connect's ``Values.ValueParser`` over one literal."""

    def __init__(self, text: str):
        self.tokens = _Tokens(text)

    def parse(self, embedded: bool):
        tokens = self.tokens
        if not tokens.has_next():
            return None
        if embedded and tokens.can_consume('"'):
            return self._quoted()
        for word, result in (("null", None), ("true", ("BOOLEAN", True)), ("false", ("BOOLEAN", False))):
            if self._single_token(embedded, word):
                return result
        start = tokens.mark()
        try:
            if tokens.can_consume("["):
                return self._array()
            if tokens.can_consume("{"):
                return self._map()
        except _Invalid:
            tokens.rewind(start)
        token = tokens.next()
        if _is_blank(token):
            return "STRING", token
        return self._token(embedded, java_trim(token))

    def _single_token(self, embedded: bool, word: str) -> bool:
        start = self.tokens.mark()
        if self.tokens.can_consume(word) and (embedded or not self.tokens.has_next()):
            return True
        self.tokens.rewind(start)
        return False

    def _token(self, embedded: bool, token: str):
        digit = _is_digit(token[0])
        if digit:
            start = self.tokens.mark()
            more = self.tokens.next_text(4)
            found = _temporal(token + more) if more is not None else None
            if found is not None:
                return found
            self.tokens.rewind(start)
            found = _temporal(token)
            if found is not None:
                return found
        if digit or token[0] in "+-":
            try:
                return _parse_number(token)
            except ValueError:
                pass
        if embedded:
            raise _Invalid("an unquoted word inside brackets")
        return "STRING", self.tokens.text

    def _quoted(self):
        parts = []
        while self.tokens.has_next() and not self.tokens.can_consume('"'):
            parts.append(self.tokens.next())
        text = "".join(parts)
        return _temporal(text) or ("STRING", text)

    def _array(self):
        values, common, compatible = [], None, True
        while self.tokens.has_next():
            if self.tokens.can_consume("]"):
                return "ARRAY", ([_convert(common, value) for value in values] if common else values)
            if self.tokens.can_consume(","):
                raise _Invalid("an empty array element")
            item = self.parse(True)
            common, compatible = _common(common, item and item[0], compatible)
            values.append(item and item[1])
            start = self.tokens.mark()
            if self.tokens.can_consume("]"):
                self.tokens.rewind(start)
            elif not self.tokens.can_consume(","):
                raise _Invalid("array elements missing ','")
        raise _Invalid("an array without its ']'")

    def _map(self):
        entries, key_schema, value_schema, keys_ok, values_ok = _JavaMap(), None, None, True, True
        while self.tokens.has_next():
            if self.tokens.can_consume("}"):
                if key_schema is None:
                    return "MAP", entries
                aligned = _JavaMap()
                for key, value in entries.entries.values():
                    aligned.put(_convert(key_schema, key), _convert(value_schema, value) if value_schema else value)
                return "MAP", aligned
            if self.tokens.can_consume(","):
                raise _Invalid("an empty map entry")
            key = self.parse(True)
            if key is None or key[1] is None:
                raise _Invalid("a null map key")
            if not self.tokens.can_consume(":"):
                raise _Invalid("a map entry without ':'")
            value = self.parse(True)
            entries.put(key[1], value and value[1])
            self.tokens.can_consume(",")
            key_schema, keys_ok = _common(key_schema, key[0], keys_ok)
            value_schema, values_ok = _common(value_schema, value and value[0], values_ok)
        raise _Invalid("a map without its '}'")


def _python(value):
    if isinstance(value, str):
        return _from_units(value)
    if isinstance(value, _Moment):
        if not _MIN_MILLIS <= value.millis <= _MAX_MILLIS:
            raise Unrepresentable(f"a moment {value.millis} ms from the epoch, outside the years 1..9999")
        return _EPOCH + datetime.timedelta(milliseconds=value.millis)
    if isinstance(value, list):
        return [_python(item) for item in value]
    if isinstance(value, _JavaMap):
        out = {}
        for key, item in value.entries.values():
            if isinstance(key, (list, _JavaMap)):
                raise Unrepresentable("a map key that is a list or a map")
            out[_python(key)] = _python(item)
        return out
    return value


def parse_with_schema(text: str) -> tuple[str | None, object]:
    """``Values.parseString(text)``: (Connect schema, value). The schema is a type (``INT8``, ``STRING``,
    ``ARRAY``, ...) or a logical name (``Date``, ``Time``, ``Timestamp``, ``Decimal``); (None, None) for ``null``."""
    if text == "":
        return "STRING", ""
    result = _Parser(_to_units(text)).parse(False)
    if result is None:
        return None, None
    return result[0], _python(result[1])


def parse_string(text: str):
    """The value of ``Values.parseString(text)`` as Python holds it (see the module docstring)."""
    return parse_with_schema(text)[1]
