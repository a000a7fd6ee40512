"""Java's number rules, as Kafka's Cast and MaskField use them (JDK 17, the JDK Kafka 4.3 runs on here and in CI).

Shared by both twins of each family; the Cython twins call the rare paths here (string parsing) and have compiled
copies of the hot ones (narrowing, ``Double.toString``: java_number_c.pyx). Each function names the Java method it
stands for. A parse failure is a ``ValueError`` (Java's NumberFormatException); the twins turn it into a DataError.

- Narrowing is two's complement: ``(byte) 200 == -56``. A double narrows through ``int`` (``(byte)(int) d``), and
  ``(int) d`` / ``(long) d`` saturate, with NaN as 0.
- ``(float) long`` rounds the long once, to nearest-even (not through a double); ``(float) double`` rounds to
  nearest-even and overflows to an infinity.
- ``Integer.parseInt`` and friends take an optional sign and decimal digits of any script, one UTF-16 unit each (so
  BMP digits only), and nothing else: no spaces, no ``_``, no ``1e3``.
- ``Double.parseDouble`` / ``Float.parseFloat``: Java-trimmed, ASCII digits, ``NaN``/``Infinity`` with a sign, a
  hex form ``0x1.8p1``, and a trailing ``f``/``F``/``d``/``D``; correctly rounded, the float straight from the
  decimal (no double rounding).
- ``new BigDecimal(s)`` (MaskField's replacement): a sign, digits of any BMP script, one point, an exponent; no
  spaces, no NaN. ``longValue()`` keeps the low 64 bits of the truncated value; ``doubleValue()`` rounds correctly.
"""

from __future__ import annotations

import base64
import math
import re
import struct
import unicodedata

from .java_float_string import double_to_string, float_to_string  # noqa: F401  (re-exported)

_FLOAT_MAX_EXACT = 2 ** 128  # a float32 rounded to 2**128 is an infinity


def wrap(value: int, bits: int) -> int:
    """Java's narrowing of an integer to ``bits`` bits (two's complement)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def double_to_int(d: float, bits: int = 32) -> int:
    """``(int) d`` (bits=32) or ``(long) d`` (bits=64): truncation toward zero, saturating, NaN is 0."""
    if d != d:
        return 0
    top = 1 << (bits - 1)
    if d >= top:
        return top - 1
    if d <= -top:
        return -top
    return int(d)


def narrow_double(d: float, bits: int) -> int:
    """``Double.byteValue()`` / ``shortValue()`` / ``intValue()`` / ``longValue()``."""
    if bits == 64:
        return double_to_int(d, 64)
    return wrap(double_to_int(d, 32), bits)


def double_to_float(d: float) -> float:
    """``(float) d``: the nearest float32 (ties to even), as a Python float; too large for a float32 is infinite."""
    try:
        return struct.unpack("f", struct.pack("f", d))[0]
    except OverflowError:  # struct refuses what C's cast rounds to an infinity
        return math.copysign(math.inf, d)


def long_to_float(n: int) -> float:
    """``(float) n`` for a long: one rounding of the exact integer to 24 bits (a double first would round twice)."""
    return _round_binary(abs(n), 1, 24, -149, n < 0)


def _round_binary(num: int, den: int, precision: int, min_quantum: int, negative: bool) -> float:
    """num/den (>= 0) rounded to nearest-even with ``precision`` bits, quanta no finer than 2**min_quantum (the
    subnormals), as a Python float; an infinity past the format's largest finite value (float32 or float64)."""
    if num == 0:
        return -0.0 if negative else 0.0
    exponent = num.bit_length() - den.bit_length()  # 2**exponent <= num/den < 2**(exponent + 1), after the fix
    if (num << max(0, -exponent)) < (den << max(0, exponent)):
        exponent -= 1
    quantum = max(exponent - precision + 1, min_quantum)
    top, bottom = (num, den << quantum) if quantum >= 0 else (num << -quantum, den)
    mantissa, rest = divmod(top, bottom)
    if 2 * rest > bottom or (2 * rest == bottom and mantissa & 1):
        mantissa += 1
    limit = _FLOAT_MAX_EXACT if precision == 24 else 2 ** 1024
    if quantum > 1100 or mantissa.bit_length() + quantum > limit.bit_length() - 1:
        return -math.inf if negative else math.inf
    value = math.ldexp(mantissa, quantum)
    return -value if negative else value


def _decimal_to_binary(digits: int, exponent10: int, precision: int, min_quantum: int, negative: bool) -> float:
    """digits * 10**exponent10, correctly rounded (precision 24: float32, 53: float64)."""
    if digits == 0:
        return -0.0 if negative else 0.0
    size = len(str(digits)) + exponent10  # the value is below 10**size and at least 10**(size - 1)
    if size > 330:
        return -math.inf if negative else math.inf
    if size < -330:
        return -0.0 if negative else 0.0
    if exponent10 >= 0:
        return _round_binary(digits * 10 ** exponent10, 1, precision, min_quantum, negative)
    return _round_binary(digits, 10 ** -exponent10, precision, min_quantum, negative)


# --- Integer.parseInt / Long.parseLong / Short.parseShort / Byte.parseByte ------------------------------------

def _java_digit(ch: str) -> int:
    """``Character.digit(ch, 10)`` for one UTF-16 unit: decimal digits of any BMP script, else -1."""
    if ch <= "9":
        return ord(ch) - 48 if ch >= "0" else -1
    if ord(ch) > 0xFFFF:  # Java sees two surrogates, neither a digit
        return -1
    return unicodedata.decimal(ch, -1)


def parse_integer(text: str, bits: int) -> int:
    """``Byte.parseByte`` (8), ``Short.parseShort`` (16), ``Integer.parseInt`` (32), ``Long.parseLong`` (64)."""
    if text.isascii():
        ok = text.isdigit() or (len(text) > 1 and text[0] in "+-" and text[1:].isdigit())
        value = int(text) if ok else None
    else:
        digits = text[1:] if text[:1] in ("+", "-") else text
        values = [_java_digit(ch) for ch in digits]
        value = None if not values or -1 in values else int("".join(map(str, values)))
        if value is not None and text[0] == "-":
            value = -value
    if value is None:
        raise ValueError(f"{text!r} is not a whole number (Java's parse{_INT_NAMES[bits]})")
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"{text!r} is out of range for {_INT_NAMES[bits]}")
    return value


_INT_NAMES = {8: "Byte", 16: "Short", 32: "Int", 64: "Long"}


# --- Double.parseDouble / Float.parseFloat ---------------------------------------------------------------------

_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?[fFdD]?")
_HEX = re.compile(r"([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)[fFdD]?")
_JAVA_TRIM = "".join(chr(c) for c in range(0x21))


def parse_double(text: str) -> float:
    """``Double.parseDouble(text)``."""
    return _parse_floating(text, 53, -1074)


def parse_float(text: str) -> float:
    """``Float.parseFloat(text)``, as the float32 value it gives."""
    return _parse_floating(text, 24, -149)


def _parse_floating(text: str, precision: int, min_quantum: int) -> float:
    trimmed = text.strip(_JAVA_TRIM)
    body = trimmed[1:] if trimmed[:1] in ("+", "-") else trimmed
    negative = trimmed[:1] == "-"
    if body in ("NaN", "Infinity"):
        return math.nan if body == "NaN" else -math.inf if negative else math.inf
    if body[:2] in ("0x", "0X"):
        match = _HEX.fullmatch(trimmed)
        if match is None or not (match[2] or match[3]):
            raise ValueError(f"{text!r} is not a number (Java's parse{'Float' if precision == 24 else 'Double'})")
        whole, fraction, exponent = match[2], match[3] or "", match[4]
        mantissa = int(whole + fraction or "0", 16)
        if mantissa == 0:
            return -0.0 if negative else 0.0
        power = int(exponent)
        if abs(power) > 2 ** 31 - 1:  # Integer.parseInt overflows: Java goes straight to an infinity or a zero
            return (-1.0 if negative else 1.0) * (math.inf if power > 0 else 0.0)
        power -= 4 * len(fraction)
        power = max(min(power, 5000), -5000 - 4 * len(whole + fraction))
        num, den = (mantissa << power, 1) if power >= 0 else (mantissa, 1 << -power)
        return _round_binary(num, den, precision, min_quantum, negative)
    match = _DECIMAL.fullmatch(trimmed)
    if match is None or not (match[2] or match[3]):
        raise ValueError(f"{text!r} is not a number (Java's parse{'Float' if precision == 24 else 'Double'})")
    whole, fraction = match[2], match[3] or ""
    exponent = int(match[4] or 0) - len(fraction)
    digits = int(whole + fraction)
    exponent = max(min(exponent, 10 ** 6), -10 ** 6)
    return _decimal_to_binary(digits, exponent, precision, min_quantum, negative)


def parse_boolean(text: str) -> bool:
    """``Boolean.parseBoolean(text)``: "true" in any ASCII case (no other character folds to those letters)."""
    return len(text) == 4 and text.isascii() and text.lower() == "true"


# --- new BigDecimal(String): MaskField's replacement for a number field -------------------------------------------

def big_decimal(text: str) -> tuple[int, int]:
    """``new BigDecimal(text)`` as (unscaled value, scale): the number is unscaled * 10**-scale."""
    body = text[1:] if text[:1] in ("+", "-") else text
    mantissa, mark, exponent_text = body.replace("E", "e").partition("e")
    whole, point, fraction = mantissa.partition(".")
    digits = [_java_digit(ch) for ch in whole + fraction]
    if not digits or -1 in digits or "." in fraction:
        raise ValueError(f"{text!r} is not a decimal number (Java's BigDecimal)")
    exponent = 0
    if mark:
        sign = exponent_text[:1] if exponent_text[:1] in ("+", "-") else ""
        exponent_digits = [_java_digit(ch) for ch in exponent_text[len(sign):]]
        if not exponent_digits or -1 in exponent_digits:
            raise ValueError(f"{text!r} has a malformed exponent (Java's BigDecimal)")
        exponent = int("".join(map(str, exponent_digits))) * (-1 if sign == "-" else 1)
    scale = len(fraction) - exponent
    if not -2 ** 31 <= exponent < 2 ** 31 or not -2 ** 31 <= scale < 2 ** 31:
        raise ValueError(f"{text!r} has an exponent out of range (Java's BigDecimal)")
    unscaled = int("".join(map(str, digits)))
    return (-unscaled if text[:1] == "-" else unscaled), scale


def big_decimal_long(text: str) -> int:
    """``new BigDecimal(text).longValue()``: the fraction dropped, the low 64 bits kept."""
    unscaled, scale = big_decimal(text)
    if unscaled == 0 or scale <= -64:  # 10**64 holds 2**64: nothing is left in the low 64 bits
        return 0
    if scale <= 0:
        return wrap(unscaled * 10 ** -scale, 64)
    if scale > len(str(abs(unscaled))):
        return 0
    whole = abs(unscaled) // 10 ** scale
    return wrap(-whole if unscaled < 0 else whole, 64)


def big_decimal_double(text: str) -> float:
    """``new BigDecimal(text).doubleValue()``: correctly rounded; zero is +0.0 (BigDecimal has no -0)."""
    unscaled, scale = big_decimal(text)
    if unscaled == 0:
        return 0.0
    return _decimal_to_binary(abs(unscaled), -scale, 53, -1074, unscaled < 0)


def big_decimal_float(text: str) -> float:
    """``new BigDecimal(text).floatValue()``, as the float32 value it gives: correctly rounded; zero is +0.0."""
    unscaled, scale = big_decimal(text)
    if unscaled == 0:
        return 0.0
    return _decimal_to_binary(abs(unscaled), -scale, 24, -149, unscaled < 0)


def bytes_to_string(data: bytes) -> str:
    """``Base64.getEncoder().encodeToString(data)``: Cast's string of a byte array."""
    return base64.b64encode(data).decode("ascii")
