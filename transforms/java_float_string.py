"""``Double.toString`` and ``Float.toString`` exactly as JDK 17 prints them (what Cast's ``string`` gives a float).

JDK 19 switched to the shortest digits that read back (Raffaello Giulietti's algorithm). JDK 17, which Kafka 4.3
runs on here and in CI, still uses the old ``FloatingDecimal`` digit generator, which sometimes prints more digits
than needed: ``2.0**60`` is ``1.15292150460684698E18`` (not ``1.152921504606847E18``). Measured: 3 in 4
integer-valued doubles between 2**53 and 2**63, and 0.3% of doubles drawn from all bit patterns, print other
digits than Python's ``repr``. This module follows that generator step by step -- its estimate of the decimal
exponent, its int / long / big-integer paths (which decide ties differently, and whose 32- and 64-bit arithmetic
wraps), its rounding of the last digit -- so every double and float prints as JDK 17 prints it.
java_number_c.pyx is the compiled copy; tests/test_java_number.py holds both to the JDK's answers.

Layout (``getChars``): ``-`` for a negative number (``-0.0`` too); plain ``123.45`` for 1e-3 <= |x| < 1e7, always
with a digit after the point; ``1.0E7``, ``1.0E-5`` otherwise; ``NaN``, ``Infinity``, ``-Infinity``.
"""

from __future__ import annotations

import math
import struct

_EXP_SHIFT = 52
_FRACT_HOB = 1 << _EXP_SHIFT
_SIGNIF_MASK = _FRACT_HOB - 1
_EXP_ONE = 1023 << _EXP_SHIFT
# ceil(log2(5**i)) for 5**i < 2**63: the JDK's estimate of the bits a scaled value needs, which picks the path.
_N_5_BITS = [0] + [(5 ** i).bit_length() for i in range(1, 27)]
# insignificantDigits(1 << i): how many low decimal digits of a large integer-valued double carry no information.
INSIGNIFICANT_DIGITS = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9,
                  9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16,
                  17, 17, 17, 18, 18, 18, 19]


def _i32(x: int) -> int:
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >> 31 else x


def _i64(x: int) -> int:
    x &= 0xFFFFFFFFFFFFFFFF
    return x - (1 << 64) if x >> 63 else x


def _jdiv(a: int, b: int) -> int:  # Java's integer division truncates toward zero
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def _jrem(a: int, b: int) -> int:
    return a - b * _jdiv(a, b)


def double_to_string(d: float) -> str:
    """``Double.toString(d)`` (``String.valueOf(d)``) on JDK 17."""
    bits = struct.unpack("<q", struct.pack("<d", d))[0]
    return _to_string(bits < 0, (bits >> 52) & 0x7FF, bits & _SIGNIF_MASK, 0x7FF, 52, 1023)


def float_to_string(f: float) -> str:
    """``Float.toString(f)`` on JDK 17, for a Python float holding a float32 value."""
    bits = struct.unpack("<i", struct.pack("<f", f))[0]
    return _to_string(bits < 0, (bits >> 23) & 0xFF, bits & 0x7FFFFF, 0xFF, 23, 127)


def _to_string(negative: bool, biased: int, fraction: int, special: int, width: int, bias: int) -> str:
    if biased == special:
        return "NaN" if fraction else "-Infinity" if negative else "Infinity"
    if biased == 0:
        if fraction == 0:
            return "-0.0" if negative else "0.0"
        shift = width + 1 - fraction.bit_length()  # normalise a subnormal
        fraction <<= shift
        exponent = 1 - shift
        significant = fraction.bit_length() - shift
    else:
        fraction |= 1 << width
        exponent = biased
        significant = width + 1
    digits, dec_exponent = dtoa(exponent - bias, fraction << (_EXP_SHIFT - width), significant)
    return ("-" if negative else "") + _layout(digits, dec_exponent)


def _estimate_dec_exp(fract_bits: int, bin_exp: int) -> int:
    d2 = struct.unpack("<d", struct.pack("<q", _EXP_ONE | (fract_bits & _SIGNIF_MASK)))[0]
    d = (d2 - 1.5) * 0.289529654 + 0.176091259 + float(bin_exp) * 0.301029995663981
    return math.floor(d)


def _long_digits(value: int, insignificant: int) -> tuple[str, int]:
    """developLongDigits: an integer-valued double's digits (rounding off insignificant ones, dropping trailing
    zeros) and its decimal exponent."""
    dec_exponent = 0
    if insignificant:
        pow10 = 10 ** insignificant
        value, residue = divmod(value, pow10)
        dec_exponent += insignificant
        if residue >= pow10 >> 1:
            value += 1
    text = str(value)
    stripped = text.rstrip("0")
    return stripped, dec_exponent + len(text)


def dtoa(bin_exp: int, fract_bits: int, n_significant: int) -> tuple[str, int]:
    """FloatingDecimal.BinaryToASCIIBuffer.dtoa: (digits, decimal exponent) with value = 0.digits * 10**exponent."""
    tail_zeros = (fract_bits & -fract_bits).bit_length() - 1
    n_fract_bits = _EXP_SHIFT + 1 - tail_zeros
    n_tiny_bits = max(0, n_fract_bits - bin_exp - 1)
    if -21 <= bin_exp <= 62 and n_tiny_bits < 27 and n_fract_bits + _N_5_BITS[n_tiny_bits] < 64 \
            and n_tiny_bits == 0:
        insignificant = 0
        if bin_exp > n_significant:
            p2 = bin_exp - n_significant - 1
            insignificant = INSIGNIFICANT_DIGITS[p2] if 1 < p2 < len(INSIGNIFICANT_DIGITS) else 0
        value = fract_bits << (bin_exp - _EXP_SHIFT) if bin_exp >= _EXP_SHIFT else fract_bits >> (_EXP_SHIFT - bin_exp)
        return _long_digits(value, insignificant)

    dec_exp = _estimate_dec_exp(fract_bits, bin_exp)
    b5 = max(0, -dec_exp)
    b2 = b5 + n_tiny_bits + bin_exp
    s5 = max(0, dec_exp)
    s2 = s5 + n_tiny_bits
    m5 = b5
    m2 = b2 - n_significant
    fract_bits >>= tail_zeros
    b2 -= n_fract_bits - 1
    common = min(b2, s2)
    b2, s2, m2 = b2 - common, s2 - common, m2 - common
    if n_fract_bits == 1:  # an exact power of two: the next smaller double is half as far away
        m2 -= 1
    if m2 < 0:
        b2, s2, m2 = b2 - m2, s2 - m2, 0
    b_bits = n_fract_bits + b2 + (_N_5_BITS[b5] if b5 < 27 else b5 * 3)
    ten_s_bits = s2 + 1 + (_N_5_BITS[s5 + 1] if s5 + 1 < 27 else (s5 + 1) * 3)
    digits = []
    if b_bits < 64 and ten_s_bits < 64:
        wrap = _i32 if b_bits < 32 and ten_s_bits < 32 else _i64
        shift_mask = 31 if wrap is _i32 else 63
        b = wrap(wrap(wrap(fract_bits) * 5 ** b5) << (b2 & shift_mask))
        s = wrap(5 ** s5 << (s2 & shift_mask))
        m = wrap(5 ** m5 << (m2 & shift_mask))
        tens = wrap(s * 10)
        q = _jdiv(b, s)
        b = wrap(10 * _jrem(b, s))
        m = wrap(m * 10)
        low, high = b < m, wrap(b + m) > tens
        if q == 0 and not high:
            dec_exp -= 1
        else:
            digits.append(q)
        if dec_exp < -3 or dec_exp >= 8:  # E-form needs a digit after the point
            low = high = False
        while not low and not high:
            q = _jdiv(b, s)
            b = wrap(10 * _jrem(b, s))
            m = wrap(m * 10)
            if m > 0:
                low, high = b < m, wrap(b + m) > tens
            else:  # m overflowed: the JDK stops here
                low = high = True
            digits.append(q)
        low_digit_difference = wrap(wrap(b << 1) - tens)
    else:
        b = fract_bits * 5 ** b5 << b2
        s = 5 ** s5 << s2
        m = 5 ** m5 << m2
        ten_s = s * 10
        q, b = divmod(b, s)
        b *= 10
        m *= 10
        low, high = b < m, b + m >= ten_s
        if q == 0 and not high:
            dec_exp -= 1
        else:
            digits.append(q)
        if dec_exp < -3 or dec_exp >= 8:
            low = high = False
        while not low and not high:
            q, b = divmod(b, s)
            b *= 10
            m *= 10
            low, high = b < m, b + m >= ten_s
            digits.append(q)
        low_digit_difference = (2 * b > ten_s) - (2 * b < ten_s) if high and low else 0
    dec_exponent = dec_exp + 1
    if high and (not low or low_digit_difference > 0 or (low_digit_difference == 0 and digits[-1] & 1)):
        dec_exponent = _round_up(digits, dec_exponent)
    return "".join(chr(48 + q) for q in digits), dec_exponent


def _round_up(digits: list, dec_exponent: int) -> int:
    i = len(digits) - 1
    while digits[i] == 9 and i > 0:
        digits[i] = 0
        i -= 1
    if digits[i] == 9:  # carried out of the first digit: 1000..., one decimal exponent up
        digits[0] = 1
        return dec_exponent + 1
    digits[i] += 1
    return dec_exponent


def _layout(digits: str, dec_exponent: int) -> str:
    if 0 < dec_exponent < 8:
        whole = digits[:dec_exponent]
        if len(whole) < dec_exponent:
            return whole + "0" * (dec_exponent - len(whole)) + ".0"
        return whole + "." + (digits[dec_exponent:] or "0")
    if -3 < dec_exponent <= 0:
        return "0." + "0" * -dec_exponent + digits
    exponent = dec_exponent - 1
    return digits[0] + "." + (digits[1:] or "0") + "E" + str(exponent)
