"""What the capacity model accepts: each projection value's range, in one table that the chain file's loader, the
``project`` command's flags and the model itself check. A value out of range is refused before anything is
measured, in words that say what is wanted, instead of looping or overflowing in the model's bisections."""

from __future__ import annotations

import math
import reprlib

MAX_RATE = 1e12  # records/s: far beyond any Kafka cluster, and the model's figures stay finite
MAX_RATES = 100  # rates projected per option (each is a full projection, and the report lists them all)
MAX_UNITS = 100_000  # partitions, tasks, workers, cores: the model walks every task in Python
MAX_BURST = 1_000  # the model sums 20,000 sampled bursts of this many records: 160 MB of samples at 1,000
MAX_POLL_RECORDS = 2**31 - 1  # Kafka's max.poll.records is an int
MAX_PUT_MS = 3_600_000  # an hour per batch: past max.poll.interval.ms many times over
MAX_FETCH_BYTES = 2**31 - 1  # fetch.min.bytes is an int
MAX_FETCH_WAIT_MS = 2**31 - 1  # fetch.max.wait.ms too
DEFAULT_PARTITIONS = 12  # a projection without partitions: assumed, and said so


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _rates(value) -> bool:
    return (isinstance(value, list) and 1 <= len(value) <= MAX_RATES
            and all(_number(rate) and 0 <= rate <= MAX_RATE for rate in value))


def _skew(value) -> bool:
    return (isinstance(value, list) and all(_number(w) and w >= 0 for w in value) and len(value) > 0
            and sum(value) > 0)


#: projection key -> (accepts the value, what it must be)
RULES = {
    "rates": (_rates, f"a list of 1 to {MAX_RATES} rates in records/s, each a finite number from 0 to {MAX_RATE:.0e}"),
    "partitions": (lambda v: _whole(v, 1, MAX_UNITS), f"a whole number from 1 to {MAX_UNITS:,}"),
    "tasks": (lambda v: _whole(v, 1, MAX_UNITS), f"a whole number from 1 to {MAX_UNITS:,} (tasks.max)"),
    "workers": (lambda v: _whole(v, 1, MAX_UNITS), f"a whole number from 1 to {MAX_UNITS:,}"),
    "cores_per_worker": (lambda v: _whole(v, 1, MAX_UNITS), f"a whole number from 1 to {MAX_UNITS:,}"),
    "max_poll_records": (lambda v: _whole(v, 1, MAX_POLL_RECORDS), f"a whole number from 1 to {MAX_POLL_RECORDS}"),
    "producer_burst": (lambda v: _whole(v, 1, MAX_BURST), f"a whole number of records from 1 to {MAX_BURST:,}"),
    "slo_p99_ms": (lambda v: _number(v) and v > 0, "a positive number of milliseconds"),
    "put_ms": (lambda v: _number(v) and 0 <= v <= MAX_PUT_MS,
               f"a number of milliseconds per batch, 0 to {MAX_PUT_MS:,}"),
    "fetch_min_bytes": (lambda v: _whole(v, 1, MAX_FETCH_BYTES),
                        f"a whole number of bytes from 1 to {MAX_FETCH_BYTES:,}"),
    "fetch_max_wait_ms": (lambda v: _number(v) and 0 <= v <= MAX_FETCH_WAIT_MS,
                          f"a number of milliseconds from 0 to {MAX_FETCH_WAIT_MS:,}"),
    "utilisation_ceiling": (lambda v: _number(v) and 0 < v <= 1, "a fraction over 0 and at most 1 (0.7: 70%)"),
    "ksqldb_us_per_record": (lambda v: _number(v) and v > 0, "a positive number of microseconds"),
    "skew": (_skew, "a list of non-negative weights, one per partition, not all 0"),
}


def problem(key: str, value) -> str | None:
    """What is wrong with ``value`` for projection ``key`` (``projection.key must be ...``), or None."""
    accepts, wants = RULES[key]
    return None if accepts(value) else f"projection.{key} must be {wants}, found {reprlib.repr(value)}"


def skew_problem(skew: list, partitions: int) -> str | None:
    """A skew needs one weight per partition."""
    if len(skew) != partitions:
        return (f"projection.skew has {len(skew)} weights for {partitions} partitions: give one weight per "
                "partition (or set projection.partitions)")
    return None
