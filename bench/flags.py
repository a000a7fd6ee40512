"""The command line's parser and value types: numbers that must be finite, positive, whole; and the flags that stand for
projection keys, checked against the model's limits as the chain file's are."""

from __future__ import annotations

import argparse
import math


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit code 2) like every other bad input."""

    def error(self, message):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return value


def positive(text: str) -> float:
    value = finite(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def not_negative(text: str) -> float:
    value = finite(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def whole(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def finite_numbers(text: str) -> list[float]:
    try:
        values = [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None
    if not values or min(values) < 0 or not all(map(math.isfinite, values)):
        raise argparse.ArgumentTypeError(f"expected comma-separated finite non-negative numbers, got {text!r}")
    return values


def within_limits(parser: argparse.ArgumentParser, args, flags: dict) -> None:
    """The flags that stand for projection keys (``{"--tasks": "tasks"}``), checked against the model's limits
    (capacity/limits.py) as the chain file's are: one line, exit code 2."""
    from .capacity import limits

    for flag, key in flags.items():
        value = getattr(args, key if key != "producer_burst" else "burst")
        if value is not None and not limits.RULES[key][0](value):
            parser.error(f"argument {flag}: must be {limits.RULES[key][1]}, got {value!r}")
