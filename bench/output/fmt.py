"""Every number a table, report or verdict shows, formatted in one place."""

from __future__ import annotations


def us(value: float | None, missing: str = "SATURATED") -> str:
    """A latency or cost in µs, as µs or ms with separators: ``5.7 µs``, ``1,234.50 ms``; ``missing`` for None
    (a saturated task has no latency)."""
    if value is None:
        return missing
    return f"{value / 1e3:,.2f} ms" if value >= 1e3 else f"{value:,.1f} µs"


def us_whole(value: float | None) -> str:
    """A latency in µs for a sentence: whole µs, or ms: ``14 µs``, ``1.23 ms``; ``n/a`` for None."""
    if value is None:
        return "n/a"
    return f"{value / 1e3:.2f} ms" if value >= 1e3 else f"{value:.0f} µs"


def number(value: float, places: int = 0) -> str:
    """A figure with thousands separators: ns/record or records/s ``4,184``, cores ``2.85`` (``places=2``)."""
    return f"{value:,.{places}f}"


def ns_spread(median: float, spread: float) -> str:
    """Nanoseconds per record with the relative spread between processes: ``4,184 ±1%``."""
    return f"{median:,.0f} ±{spread * 100:.0f}%"


def with_cpu(wall: str, cpu: float | None, places: int = 0) -> str:
    """A wall-time figure with the CPU time beside it, when given: ``1,020,331 (cpu 20,114)``."""
    return wall if cpu is None else f"{wall} (cpu {number(cpu, places)})"


def ratio(value: float) -> str:
    return f"{value:.2f}"


def quartiles(median: float, q1: float, q3: float) -> str:
    """A ratio with its interquartile range: ``0.41 [0.40-0.42]``."""
    return f"{median:.2f} [{q1:.2f}-{q3:.2f}]"


def percent(value: float) -> str:
    return f"{value:.0%}"

