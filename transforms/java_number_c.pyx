# cython: language_level=3, cdivision=True, boundscheck=False, wraparound=False
"""The compiled twins of java_number.py's hot paths and of java_float_string.double_to_string (the references).

Java's int and long arithmetic wraps; C's signed arithmetic must not overflow, so the 32- and 64-bit paths of JDK
17's digit generator compute in unsigned types and reinterpret. Its big-integer path runs in 128 bits when the
numbers fit (most doubles), else in the Python reference.
"""

from cpython.unicode cimport PyUnicode_DecodeASCII
from libc.stdint cimport (INT32_MIN, INT64_MAX, INT64_MIN, int8_t, int16_t, int32_t, int64_t, uint8_t,
                          uint16_t, uint32_t, uint64_t)
from libc.string cimport memcpy

from transforms.java_float_string import INSIGNIFICANT_DIGITS, dtoa as _reference_dtoa

cdef extern from *:
    """
    typedef unsigned __int128 smt_u128;
    /* JDK 17's estimateDecExp, one IEEE operation at a time as Java evaluates it (no fused multiply-add). */
    static double smt_estimate(double d2, int bin_exp) {
        volatile double a = (d2 - 1.5) * 0.289529654;
        volatile double c = a + 0.176091259;
        volatile double b = (double) bin_exp * 0.301029995663981;
        volatile double d = c + b;
        return d;
    }
    static int smt_ctz64(unsigned long long x) { return __builtin_ctzll(x); }
    static int smt_bitlen64(unsigned long long x) { return x ? 64 - __builtin_clzll(x) : 0; }
    static int smt_bitlen128(smt_u128 x) {
        unsigned long long high = (unsigned long long) (x >> 64);
        return high ? 64 + smt_bitlen64(high) : smt_bitlen64((unsigned long long) x);
    }
    """
    ctypedef unsigned long long smt_u128
    double smt_estimate(double d2, int bin_exp) noexcept nogil
    int smt_ctz64(unsigned long long x) noexcept nogil
    int smt_bitlen64(unsigned long long x) noexcept nogil
    int smt_bitlen128(smt_u128 x) noexcept nogil

cdef uint64_t _SIGNIF = (1ULL << 52) - 1
cdef uint64_t _POW5[27]  # 5**i < 2**63
cdef smt_u128 _POW5_WIDE[56]  # 5**i < 2**128
cdef int _N_5_BITS[27]
cdef int _INSIGNIFICANT[64]
cdef int _i
_POW5[0] = 1
_POW5_WIDE[0] = 1
_N_5_BITS[0] = 0
for _i in range(1, 56):
    _POW5_WIDE[_i] = _POW5_WIDE[_i - 1] * 5
    if _i < 27:
        _POW5[_i] = _POW5[_i - 1] * 5
        _N_5_BITS[_i] = smt_bitlen64(_POW5[_i])
for _i in range(64):
    _INSIGNIFICANT[_i] = INSIGNIFICANT_DIGITS[_i]


cdef int64_t wrap(int64_t n, int bits) noexcept:
    if bits == 8:
        return <int8_t><uint8_t>n
    if bits == 16:
        return <int16_t><uint16_t>n
    if bits == 32:
        return <int32_t><uint32_t>n
    return n


cdef int64_t narrow_double(double d, int bits) noexcept:
    cdef int32_t i
    if d != d:
        return 0
    if bits == 64:
        if d >= 9223372036854775807.0:
            return INT64_MAX
        if d <= -9223372036854775808.0:
            return INT64_MIN
        return <int64_t>d
    if d >= 2147483647.0:
        i = 2147483647
    elif d <= -2147483648.0:
        i = INT32_MIN
    else:
        i = <int32_t>d
    return wrap(i, bits)


cdef double long_to_float(int64_t n) noexcept:
    return <float>n  # one rounding of the 64-bit integer (cvtsi2ss), as Java's l2f


cdef double double_to_float(double d) noexcept:
    return <float>d


cdef int _long_digits(uint64_t value, int insignificant, char* digits, int* count) noexcept:
    # developLongDigits: returns the decimal exponent; the digits without trailing zeros
    cdef uint64_t pow10 = 1, residue
    cdef int i, n = 0, exponent = insignificant
    cdef char tmp[24]
    if insignificant:
        for i in range(insignificant):
            pow10 *= 10
        residue = value % pow10
        value //= pow10
        if residue >= (pow10 >> 1):
            value += 1
    while value:
        tmp[n] = <char>(48 + value % 10)
        value //= 10
        n += 1
    exponent += n
    i = 0
    while i < n and tmp[i] == 48:  # trailing zeros (tmp holds the digits backwards)
        i += 1
    count[0] = n - i
    for n in range(count[0]):
        digits[n] = tmp[count[0] + i - 1 - n]
    return exponent


cdef int _round_up(char* digits, int count, int dec_exponent) noexcept:
    cdef int i = count - 1
    while digits[i] == 57 and i > 0:
        digits[i] = 48
        i -= 1
    if digits[i] == 57:
        digits[0] = 49
        return dec_exponent + 1
    digits[i] += 1
    return dec_exponent


cdef int _dtoa(int bin_exp, uint64_t fract_bits, int n_significant, char* digits, int* count) except? -9999:
    """FloatingDecimal.dtoa (java_float_string.dtoa): digits into `digits`, returns the decimal exponent."""
    cdef int tail_zeros = smt_ctz64(fract_bits)
    cdef int n_fract_bits = 53 - tail_zeros
    cdef int n_tiny_bits = n_fract_bits - bin_exp - 1
    cdef int insignificant = 0, p2, dec_exp, b5, b2, s5, s2, m5, m2, common, b_bits, ten_s_bits, q, n = 0
    cdef bint low, high
    cdef int64_t low_digit_difference = 0
    cdef double d2
    cdef uint64_t raw
    cdef int32_t b32, s32, m32, t32
    cdef int64_t b64, s64, m64, t64
    cdef smt_u128 bw, sw, mw, tw
    if n_tiny_bits < 0:
        n_tiny_bits = 0
    if -21 <= bin_exp <= 62 and n_tiny_bits == 0:
        if bin_exp > n_significant:
            p2 = bin_exp - n_significant - 1
            if 1 < p2 < 64:
                insignificant = _INSIGNIFICANT[p2]
        raw = fract_bits << (bin_exp - 52) if bin_exp >= 52 else fract_bits >> (52 - bin_exp)
        return _long_digits(raw, insignificant, digits, count)
    raw = 0x3FF0000000000000ULL | (fract_bits & _SIGNIF)
    memcpy(&d2, &raw, 8)
    dec_exp = <int>_floor(smt_estimate(d2, bin_exp))
    b5 = -dec_exp if dec_exp < 0 else 0
    b2 = b5 + n_tiny_bits + bin_exp
    s5 = dec_exp if dec_exp > 0 else 0
    s2 = s5 + n_tiny_bits
    m5 = b5
    m2 = b2 - n_significant
    fract_bits >>= tail_zeros
    b2 -= n_fract_bits - 1
    common = b2 if b2 < s2 else s2
    b2 -= common
    s2 -= common
    m2 -= common
    if n_fract_bits == 1:
        m2 -= 1
    if m2 < 0:
        b2 -= m2
        s2 -= m2
        m2 = 0
    b_bits = n_fract_bits + b2 + (_N_5_BITS[b5] if b5 < 27 else b5 * 3)
    ten_s_bits = s2 + 1 + (_N_5_BITS[s5 + 1] if s5 + 1 < 27 else (s5 + 1) * 3)
    if b_bits < 32 and ten_s_bits < 32:  # Java ints, wrapping
        b32 = <int32_t>((<uint32_t>fract_bits * <uint32_t>_POW5[b5]) << (b2 & 31))
        s32 = <int32_t>(<uint32_t>_POW5[s5] << (s2 & 31))
        m32 = <int32_t>(<uint32_t>_POW5[m5] << (m2 & 31))
        t32 = <int32_t>(<uint32_t>s32 * 10u)
        q = b32 / s32
        b32 = <int32_t>(10u * <uint32_t>(b32 % s32))
        m32 = <int32_t>(<uint32_t>m32 * 10u)
        low = b32 < m32
        high = <int32_t>(<uint32_t>b32 + <uint32_t>m32) > t32
        dec_exp, n = _first(q, low, high, dec_exp, digits, &low, &high)
        while not low and not high:
            q = b32 / s32
            b32 = <int32_t>(10u * <uint32_t>(b32 % s32))
            m32 = <int32_t>(<uint32_t>m32 * 10u)
            if m32 > 0:
                low = b32 < m32
                high = <int32_t>(<uint32_t>b32 + <uint32_t>m32) > t32
            else:
                low = high = True
            digits[n] = <char>(48 + q)
            n += 1
        low_digit_difference = <int32_t>(<uint32_t>(<int32_t>(<uint32_t>b32 << 1)) - <uint32_t>t32)
    elif b_bits < 64 and ten_s_bits < 64:  # Java longs, wrapping
        b64 = <int64_t>((fract_bits * _POW5[b5]) << (b2 & 63))
        s64 = <int64_t>(_POW5[s5] << (s2 & 63))
        m64 = <int64_t>(_POW5[m5] << (m2 & 63))
        t64 = <int64_t>(<uint64_t>s64 * 10u)
        q = <int>(b64 / s64)
        b64 = <int64_t>(10u * <uint64_t>(b64 % s64))
        m64 = <int64_t>(<uint64_t>m64 * 10u)
        low = b64 < m64
        high = <int64_t>(<uint64_t>b64 + <uint64_t>m64) > t64
        dec_exp, n = _first(q, low, high, dec_exp, digits, &low, &high)
        while not low and not high:
            q = <int>(b64 / s64)
            b64 = <int64_t>(10u * <uint64_t>(b64 % s64))
            m64 = <int64_t>(<uint64_t>m64 * 10u)
            if m64 > 0:
                low = b64 < m64
                high = <int64_t>(<uint64_t>b64 + <uint64_t>m64) > t64
            else:
                low = high = True
            digits[n] = <char>(48 + q)
            n += 1
        low_digit_difference = <int64_t>((<uint64_t>b64 << 1) - <uint64_t>t64)
    elif b5 <= 54 and s5 <= 54 and max(smt_bitlen64(fract_bits) + smt_bitlen128(_POW5_WIDE[b5]) + b2,
                                       smt_bitlen128(_POW5_WIDE[s5 + 1]) + s2 + 1,
                                       smt_bitlen128(_POW5_WIDE[m5]) + m2 + 4) <= 118:
        # Java's big integers, exactly, in 128 bits. They fit: B stays below 10*S after the first digit, and M grows
        # tenfold per digit only while B + M < 10*S, so nothing exceeds max(B, 10*S, 10*M) * 10 < 2**122.
        bw = (<smt_u128>fract_bits * _POW5_WIDE[b5]) << b2
        sw = _POW5_WIDE[s5] << s2
        mw = (_POW5_WIDE[m5] << m2) * 10
        tw = sw * 10
        q = <int>(bw / sw)
        bw = (bw % sw) * 10
        low = bw < mw
        high = bw + mw >= tw
        dec_exp, n = _first(q, low, high, dec_exp, digits, &low, &high)
        while not low and not high:
            q = <int>(bw / sw)
            bw = (bw % sw) * 10
            mw = mw * 10
            low = bw < mw
            high = bw + mw >= tw
            digits[n] = <char>(48 + q)
            n += 1
        if high and low:
            low_digit_difference = 1 if 2 * bw > tw else (-1 if 2 * bw < tw else 0)
    else:  # outside 128 bits: the Python reference, with Python's unbounded integers
        text, exponent = _reference_dtoa(bin_exp, fract_bits << tail_zeros, n_significant)
        count[0] = len(text)
        for n in range(count[0]):
            digits[n] = <char>ord(text[n])
        return exponent
    count[0] = n
    if high and (not low or low_digit_difference > 0 or (low_digit_difference == 0 and (digits[n - 1] & 1))):
        return _round_up(digits, n, dec_exp + 1)
    return dec_exp + 1


cdef inline double _floor(double x) noexcept:
    cdef int64_t t = <int64_t>x
    return <double>(t - 1) if <double>t > x else <double>t


cdef inline (int, int) _first(int q, bint low, bint high, int dec_exp, char* digits, bint* low_out,
                              bint* high_out) noexcept:
    # the unrolled first digit: a leading zero means the exponent estimate was one too high
    cdef int n = 0
    if q == 0 and not high:
        dec_exp -= 1
    else:
        digits[0] = <char>(48 + q)
        n = 1
    if dec_exp < -3 or dec_exp >= 8:  # E-form needs a digit after the point
        low = high = False
    low_out[0] = low
    high_out[0] = high
    return dec_exp, n


cdef str double_to_string(double d):
    cdef uint64_t bits
    memcpy(&bits, &d, 8)
    return _to_string(bits >> 63, <int>((bits >> 52) & 0x7FF), bits & _SIGNIF, 0x7FF, 52, 1023)


cdef str float_to_string(double f):
    cdef float narrow = <float>f
    cdef uint32_t bits
    memcpy(&bits, &narrow, 4)
    return _to_string(bits >> 31, <int>((bits >> 23) & 0xFF), bits & 0x7FFFFF, 0xFF, 23, 127)


cdef str _to_string(bint negative, int biased, uint64_t fraction, int special, int width, int bias):
    # java_float_string._to_string, compiled: a float goes through the double's digit generator, its fraction
    # widened to 52 bits, as FloatingDecimal does.
    cdef int exponent, significant, shift, count = 0, dec_exponent, n = 0, i
    cdef char digits[40]
    cdef char out[48]
    if biased == special:
        return "NaN" if fraction else ("-Infinity" if negative else "Infinity")
    if biased == 0:
        if fraction == 0:
            return "-0.0" if negative else "0.0"
        shift = width + 1 - smt_bitlen64(fraction)
        significant = smt_bitlen64(fraction)
        fraction <<= shift
        exponent = 1 - shift
    else:
        fraction |= 1ULL << width
        exponent = biased
        significant = width + 1
    dec_exponent = _dtoa(exponent - bias, fraction << (52 - width), significant, digits, &count)
    if negative:
        out[n] = 45
        n += 1
    if 0 < dec_exponent < 8:
        for i in range(dec_exponent):
            out[n] = digits[i] if i < count else 48
            n += 1
        out[n] = 46
        n += 1
        if count > dec_exponent:
            for i in range(dec_exponent, count):
                out[n] = digits[i]
                n += 1
        else:
            out[n] = 48
            n += 1
    elif -3 < dec_exponent <= 0:
        out[n] = 48
        out[n + 1] = 46
        n += 2
        for i in range(-dec_exponent):
            out[n] = 48
            n += 1
        for i in range(count):
            out[n] = digits[i]
            n += 1
    else:
        out[n] = digits[0]
        out[n + 1] = 46
        n += 2
        if count > 1:
            for i in range(1, count):
                out[n] = digits[i]
                n += 1
        else:
            out[n] = 48
            n += 1
        return PyUnicode_DecodeASCII(out, n, NULL) + "E" + str(dec_exponent - 1)
    return PyUnicode_DecodeASCII(out, n, NULL)


def double_to_string_py(double d):
    """``double_to_string`` for Python callers (tests hold it to JDK 17 and to the reference)."""
    return double_to_string(d)


def float_to_string_py(double f):
    """``Float.toString`` of a Python float holding a float32 value, compiled (JSON output of a Cast's float32)."""
    return float_to_string(f)
