"""transforms/java_number.py, java_float_string.py and java_number_c.pyx held to the JDK itself (through JPype).

Cast and MaskField rest on these: every function is compared with the Java method it stands for, on seeded values
drawn to hit the edges (halfway cases, overflow, subnormals, every string form Java's parsers take or refuse).
"""

import math
import random
import struct

import pytest

from conftest import backend_or_skip
from transforms import build_chain
from transforms import java_number as jn
from transforms._env import NO_EXTENSIONS


@pytest.fixture(scope="module")
def jdk():
    """java.lang's classes in this process's JVM (started with Kafka's jars, as the jvm backend starts it)."""
    build_chain([{"type": "Cast$Value", "spec": "string"}], backend_or_skip("jvm"))
    import jpype

    classes = {name: jpype.JClass(f"java.{name}") for name in (
        "lang.Double", "lang.Float", "lang.Byte", "lang.Short", "lang.Integer", "lang.Long", "lang.Boolean",
        "lang.System", "math.BigDecimal")}
    return jpype, classes


def bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def doubles(rng: random.Random, count: int) -> list[float]:
    out = []
    for _ in range(count):
        pick = rng.randrange(6)
        if pick == 0:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        elif pick == 1:
            x = float(rng.randint(-2**63, 2**63))
        elif pick == 2:
            x = rng.uniform(-1e7, 1e7)
        elif pick == 3:
            x = float(f"{rng.randint(1, 10 ** rng.randint(1, 17))}e{rng.randint(-30, 30)}")
        elif pick == 4:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(52) | rng.randint(0, 3) << 52))[0]
        else:
            x = rng.choice([1e-3, 1e7, 9.999999e-4, 1e22, 1e23, 5e-324, 2.0**60, 3.4028235677973366e38])
            x = struct.unpack("<d", struct.pack("<Q", (bits(x) + rng.randint(-2, 2)) % 2**64))[0]
        if not math.isnan(x):
            out.append(x)
    return out


def test_the_jdk_is_17(jdk):
    # Double.toString changed in JDK 19: the twins print what JDK 17 (Kafka 4.3's runtime here and in CI) prints
    _, java = jdk
    assert str(java["lang.System"].getProperty("java.specification.version")) == "17"


def test_double_and_float_to_string_are_jdk17s(jdk):
    jpype, java = jdk
    from transforms.java_float_string import double_to_string, float_to_string

    compiled = compiled_float = None
    if not NO_EXTENSIONS:
        from transforms.java_number_c import double_to_string_py as compiled
        from transforms.java_number_c import float_to_string_py as compiled_float
    for x in doubles(random.Random(1), 20000):
        expected = str(java["lang.Double"].toString(x))
        assert double_to_string(x) == expected, repr(x)
        assert compiled is None or compiled(x) == expected, repr(x)
        f = jn.double_to_float(x)
        if not math.isnan(f):
            expected = str(java["lang.Float"].toString(jpype.JFloat(f)))
            assert float_to_string(f) == expected, repr(f)
            assert compiled_float is None or compiled_float(f) == expected, repr(f)


def test_narrowing_and_float_casts_are_javas(jdk):
    jpype, java = jdk
    rng = random.Random(2)
    longs = [rng.randint(-2**63, 2**63 - 1) for _ in range(3000)] + [
        (rng.randint(2**40, 2**62) >> 30 << 30 | 1 << 29) + rng.choice([-1, 0, 1]) for _ in range(2000)]
    for n in longs:
        boxed = java["lang.Long"](n)
        assert [jn.wrap(n, 8), jn.wrap(n, 16), jn.wrap(n, 32)] == \
            [int(boxed.byteValue()), int(boxed.shortValue()), int(boxed.intValue())]
        assert jn.long_to_float(n) == float(boxed.floatValue()), n
    for x in doubles(rng, 5000) + [math.nan, math.inf, -math.inf, 2.0**31 - 0.5, -2.0**63]:
        boxed = java["lang.Double"](x)
        assert [jn.narrow_double(x, b) for b in (8, 16, 32, 64)] == \
            [int(boxed.byteValue()), int(boxed.shortValue()), int(boxed.intValue()), int(boxed.longValue())], x
        assert bits(jn.double_to_float(x)) == bits(float(boxed.floatValue())), x


TOKENS = ["0", "1", "5", "9", "00", ".", "e", "E", "-", "+", "x", "p", "f", "d", "D", "a", "F", " ", "\t", "\u00a0",
          "NaN", "Infinity", "_", "٣", "１", "𝟘", "true", "TRUE", "tRuE", "yes"]


def strings(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        pick = rng.randrange(5)
        if pick < 2:
            out.append("".join(rng.choice(TOKENS) for _ in range(rng.randint(0, 6))))
        elif pick == 2:  # the midpoint between two neighbouring float32s (or near it): rounding ties
            f = struct.unpack("<f", struct.pack("<I", rng.getrandbits(31)))[0]
            text = f"{(f + float(jn.double_to_float(f * (1 + 2**-24)))) / 2:.{rng.randint(5, 20)}e}"
            out.append(text)
        elif pick == 3:
            out.append(rng.choice(["", "-", "+"]) + str(rng.randint(0, 10 ** rng.randint(1, 25))) + rng.choice(
                ["", f"e{rng.randint(-400, 400)}", ".5", "e", "E-2147483648", "e2147483647", "e99999999999", "f"]))
        else:
            out.append(rng.choice(["", "-"]) + "0x" + "".join(rng.choice("0123456789abcdefABCDEF.")
                                                              for _ in range(rng.randint(0, 16)))
                       + rng.choice(["p", "P", ""]) + str(rng.randint(-2**33, 2**33)) + rng.choice(["", "f", "x"]))
    return out


def java_or_error(call):
    try:
        return call()
    except Exception:  # noqa: BLE001  (NumberFormatException, as JPype raises it)
        return "error"


def ours_or_error(call):
    try:
        return call()
    except ValueError:
        return "error"


def test_parsers_are_javas(jdk):
    _, java = jdk
    for text in strings(random.Random(3), 6000):
        for ours, theirs in [
            (lambda: bits(jn.parse_double(text)), lambda: bits(float(java["lang.Double"].parseDouble(text)))),
            (lambda: bits(jn.parse_float(text)), lambda: bits(float(java["lang.Float"].parseFloat(text)))),
            (lambda: jn.parse_integer(text, 8), lambda: int(java["lang.Byte"].parseByte(text))),
            (lambda: jn.parse_integer(text, 32), lambda: int(java["lang.Integer"].parseInt(text))),
            (lambda: jn.parse_integer(text, 64), lambda: int(java["lang.Long"].parseLong(text))),
            (lambda: jn.parse_boolean(text), lambda: bool(java["lang.Boolean"].parseBoolean(text))),
            (lambda: jn.big_decimal_long(text), lambda: int(java["math.BigDecimal"](text).longValue())),
            (lambda: bits(jn.big_decimal_double(text)),
             lambda: bits(float(java["math.BigDecimal"](text).doubleValue()))),
        ]:
            assert ours_or_error(ours) == java_or_error(theirs), repr(text)
