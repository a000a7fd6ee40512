# The compiled hot paths of java_number.py / java_float_string.py (the readable references), for the Cython twins.
from libc.stdint cimport int64_t

# (byte)/(short)/(int) of a long: two's complement narrowing to `bits` (8, 16, 32; 64 returns n).
cdef int64_t wrap(int64_t n, int bits) noexcept
# Double.byteValue() .. longValue(): (int) d then narrowed, or (long) d; saturating, NaN is 0.
cdef int64_t narrow_double(double d, int bits) noexcept
# (float) of a long, of a double: one rounding to nearest-even, as a double holding the float32.
cdef double long_to_float(int64_t n) noexcept
cdef double double_to_float(double d) noexcept
# Double.toString(d) and Float.toString(f) on JDK 17 (f: a double holding a float32 value).
cdef str double_to_string(double d)
cdef str float_to_string(double f)
