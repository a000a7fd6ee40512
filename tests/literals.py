"""Generated ``value.literal`` strings for Connect's ``Values.parseString`` (transforms/connect_values.py).

Every shape the parser tells apart, and the places it goes wrong: numbers at each integer width's edge, signs,
exponents, float32 and double overflow and underflow, Unicode digits; temporals of exactly 10, 13 and 24 characters
with lenient fields (month 13, day 0, ``-1``, ``1E3``, ``NaN``, spaces, trailing text) and escaped colons; quoted
strings with escapes; arrays and maps, nested, with mixed element types, nulls, trailing commas, missing brackets
and delimiters; the literal words in every case; blanks, Unicode and emoji.
"""

from __future__ import annotations

import random

_EDGES = [0, 1, 127, 128, 255, 256, 32767, 32768, 65535, 2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63,
          10**19, 10**20]
_ODD_NUMBERS = [
    "1.0", "1e3", "1E3", "-0", "0.0", "-0.0", "NaN", "Infinity", "-Infinity", "0x10", "1_000", "1.5f", "1.", ".5",
    "+.5", "-.", "1e", "1e+", "1..2", "\u0663", "\u0661\u0662", "\uff13", "1e\u0663", "00012", "-00",
    "3.4028235e38", "3.4028236e38", "1.4e-45", "7e-46", "1.7976931348623157e308", "2e308", "1e2147483647",
    "1e-2147483648", "1e2147483648", "1e99999999999", "+", "-",
]
_FIELD_ODDITIES = ["-1", "-0", " 1", "\t2", "1E1", "15E-1", "NaN", "\u221e", "-\u221e", "x", "", "0", "99",
                   "\u0662", "1E", "+1"]
_WORDS = ["a", "abc", "\u00e9", "\U0001f600", "x y", " spaces ", "tr ue", "null", "true", "false", "TRUE", "Null",
          "\\", '\\"', "a\\,b", "a\\:b", "'q'", "", "\u00a0", "\t", "\u20ac", "a\\]"]


def number(rng: random.Random) -> str:
    pick = rng.randrange(8)
    if pick == 0:
        edge = rng.choice(_EDGES)
        return rng.choice(["", "-", "+"]) + str(edge + rng.choice([-1, 0, 1]) if edge else edge)
    if pick == 1:
        return rng.choice(["", "-", "+"]) + str(rng.randint(0, 10 ** rng.randint(1, 25)))
    if pick == 2:
        return f"{rng.choice(['', '-'])}{rng.randint(0, 999)}.{rng.randint(0, 999):0{rng.randint(1, 4)}d}"
    if pick == 3:
        mantissa = f"{rng.choice(['', '-', '+'])}{rng.randint(0, 99)}{rng.choice(['', '.', '.5', '.0', '.25'])}"
        exponent = rng.choice([0, 1, 3, 7, 19, 20, 38, 39, 45, 50, 308, 309, 400, 2147483647, 2147483648])
        return f"{mantissa}{rng.choice('eE')}{rng.choice(['', '+', '-'])}{exponent}"
    if pick == 4:
        return rng.choice(_ODD_NUMBERS)
    if pick == 5:
        return repr(rng.uniform(-1e6, 1e6))
    if pick == 6:
        return repr(rng.choice([1e-7, 1.5e-40, 123456.789, 3.4e38, 1e22, 5e-324, 0.1, 16777217.0]))
    return str(rng.randint(-(2**64), 2**64))


def _field(rng: random.Random, width: int) -> str:
    pick = rng.randrange(10)
    if pick < 6:
        return f"{rng.randint(0, 10**width - 1):0{width}d}"
    if pick == 6:
        return str(rng.randint(0, 10**width))
    if pick == 7:
        return rng.choice(_FIELD_ODDITIES)
    return str(rng.randint(0, 99 if pick == 8 else 10 ** (width + 1)))


def temporal(rng: random.Random) -> str:
    """Mostly the lengths Connect reads as dates and times, often with out-of-range or odd fields."""
    if rng.random() < 0.3:
        return rng.choice(["2024-01-01", "12:30:00", "12:30:00.000Z", "2024-01-01T12:30:00.000Z",
                           "2024-01-01T12:30:00Z", "2024-02-30", "2024-13-01", "1582-10-10", "1582-10-04",
                           "0001-01-01", "9999-12-31", "1970-01-01T00:00:00.000Z", "23:59:59.999Z"])
    year, month, day = _field(rng, 4), _field(rng, 2), _field(rng, 2)
    hour, minute, second, milli = _field(rng, 2), _field(rng, 2), _field(rng, 2), _field(rng, 3)
    pick = rng.randrange(4)
    if pick == 0:
        text = f"{year}-{month}-{day}"
    elif pick == 1:
        text = f"{hour}:{minute}:{second}.{milli}Z"
    elif pick == 2:
        text = f"{year}-{month}-{day}T{hour}:{minute}:{second}.{milli}Z"
    else:
        text = rng.choice([f"{year}-{month}-{day}", f"{hour}:{minute}:{second}", f"{hour}:{minute}:{second}.{milli}",
                           f"{year}-{month}-{day}T{hour}:{minute}:{second}Z"]) + rng.choice(["", "x", "Z", "0"])
    return text.replace(":", "\\:") if rng.random() < 0.15 else text


def padded_temporal(rng: random.Random) -> str:
    """Exactly 10, 13 or 24 characters (padded with ``x``): each field anything DecimalFormat may read, years
    around the Julian-Gregorian cutover and before year 1 too."""
    def part() -> str:
        return rng.choice([str(rng.randint(-99, 999)), str(rng.randint(0, 99999)), str(rng.randint(1500, 1700)),
                           rng.choice(_FIELD_ODDITIES), "1E2", "9E9", "-1E9", "00", "E1"])

    shape = rng.choice(["{}-{}-{}", "{}:{}:{}.{}Z", "{}-{}-{}T{}:{}:{}.{}Z"])
    text = shape.format(*(part() for _ in range(shape.count("{}"))))
    width = min((w for w in (10, 13, 24) if w >= len(text)), default=len(text))
    return text.ljust(width, "x")


def scalar(rng: random.Random) -> str:
    pick = rng.randrange(5)
    if pick == 0:
        return number(rng)
    if pick == 1:
        return temporal(rng) if rng.random() < 0.8 else padded_temporal(rng)
    if pick == 2:
        inner = rng.choice([rng.choice(_WORDS), temporal(rng), number(rng), "a, b", " ", "a,", ""])
        return '"' + inner + rng.choice(['"', '"', '"', ""])
    if pick == 3:
        return rng.choice(["null", "true", "false", " null ", "TRUE", "False"])
    return rng.choice(_WORDS)


def _space(rng: random.Random) -> str:
    return rng.choice(["", "", "", " ", "  ", "\t"])


def value(rng: random.Random, depth: int = 0) -> str:
    """A scalar, an array or a map (nested up to three deep), sometimes malformed."""
    pick = rng.randrange(10)
    if depth < 3 and pick < 2:
        items = [value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        text = "[" + ("," + _space(rng)).join(_space(rng) + item for item in items)
        text += "," if rng.random() < 0.1 else ""
        return text + rng.choice(["]", "]", "]", "]", "", "]]"])
    if depth < 3 and pick < 4:
        entries = [(value(rng, depth + 1) if rng.random() < 0.3 else f'"{rng.choice(_WORDS)}"', value(rng, depth + 1))
                   for _ in range(rng.randint(0, 3))]
        text = "{" + rng.choice([",", ", ", " "]).join(
            f"{_space(rng)}{key}{_space(rng)}{rng.choice([':', ':', ':', ''])}{_space(rng)}{item}"
            for key, item in entries)
        return text + rng.choice(["}", "}", "}", "", "}}"])
    return scalar(rng)


def literal(rng: random.Random) -> str:
    pick = rng.randrange(4)
    if pick == 0:
        return scalar(rng)
    if pick == 1:
        return value(rng)
    if pick == 2:
        return value(rng) + rng.choice([",", ", 1", " x", "]", ":", ""])
    return _space(rng) + value(rng) + _space(rng)
