"""Generators shared by the TimestampConverter and TimestampRouter oracle tests: SimpleDateFormat patterns (common,
quoted, random letter runs, invalid), epoch millis across the whole Java long range, and date strings that parse,
partly parse or fail."""

from __future__ import annotations

import random

LETTERS = "GyMdkHmsSEDFwWahKzZYuXL"
COMMON = [
    "yyyy-MM-dd'T'HH:mm:ss.SSSZ", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MM/yy", "EEE", "MMM d yyyy HH:mm", "yyyyMMdd",
    "yyyy-MM-dd", "HH:mm:ss", "EEEE, MMMM d, yyyy h:mm a", "'quoted' yyyy", "G yyyy", "D F W w u",
    "kk KK hh HH", "S SS SSS SSSS", "yyyyy yyy y", "LLL LLLL L", "z zzzz", "''yyyy''", "yyyy'T'", "MMMyyyy", "dMMMyy",
    "yyyyMMddHHmmss",
    "yy", "y", "MM/dd/yyyy hh:mm:ss a z", "yyyy-DDD", "E, dd MMM yyyy HH:mm:ss Z", "yyyy.MM.dd G 'at' HH:mm:ss z",
    "h:mm a, z", "K:mm a", "yyyy-'W'ww-u", "YYYY-'W'ww", "'o''clock' h", "X XX XXX",
]
BAD = ["b", "'open", "XXXX", "c", "yyyy-MM-dd'T", "q"]
LIMITS = [-2**63, 2**63 - 1, 0, -1, -12_219_292_800_000, -12_219_292_800_001, -62_135_596_800_000,
          253_402_300_799_999, 253_402_300_800_000, 1_700_000_000_123]


def pattern(rng: random.Random, bad: float = 0.05) -> str:
    pick = rng.random()
    if pick < bad:
        return rng.choice(COMMON) + rng.choice(BAD)
    if pick < 0.5:
        return rng.choice(COMMON)
    parts = []
    for _ in range(rng.randint(1, 5)):
        if rng.random() < 0.7:
            parts.append(rng.choice(LETTERS) * rng.randint(1, 5))
        else:
            parts.append(rng.choice(["-", ":", " ", "/", ".", "'T'", "'x'", "''", "é", ",", "'at' "]))
    return "".join(parts)


def millis(rng: random.Random) -> int:
    pick = rng.random()
    if pick < 0.4:  # years 1-9999
        return rng.randint(-62_135_596_800_000, 253_402_300_799_999)
    if pick < 0.55:
        return rng.choice(LIMITS)
    if pick < 0.7:  # around the Julian/Gregorian cutover
        return -12_219_292_800_000 + rng.randint(-800, 800) * 86_400_000 + rng.randint(0, 86_399_999)
    if pick < 0.85:
        return rng.randint(-10**13, 10**13)
    return rng.randint(-2**63, 2**63 - 1)


PIECES = ["NaN", "∞", "-", "1E3", "E2", "12E-1", " ", "\t", "\u00a0", "٣", "0", "00", "9999999999", "4294967297",
          "-0", "+1", "jan", "JUNE", "Sept", "tue", "Tuesday", "pm", "AM", "ad", "Before Christ", "GMT", "GMT+5:30",
          "gmt-05", "+0530", "-1200", "Z", "+05:30", "UTC", "utc", "13", "45", "24", "12", "99", "46", "1582", "10", "x", ":"]


def mutate(rng: random.Random, text: str) -> str:
    """A formatted date changed a little: a digit, an inserted or appended piece, a cut."""
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        pick = rng.random()
        at = rng.randint(0, len(chars))
        if pick < 0.3 and chars:
            chars[min(at, len(chars) - 1)] = rng.choice("0123456789")
        elif pick < 0.5:
            chars.insert(at, rng.choice(PIECES))
        elif pick < 0.6 and chars:
            del chars[min(at, len(chars) - 1)]
        elif pick < 0.7:
            chars = chars[:at]
        else:
            chars.append(rng.choice(PIECES))
    return "".join(chars)
