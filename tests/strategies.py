"""Hypothesis strategies: schemaless records as JsonConverter produces them, and field names configs can hit."""

from __future__ import annotations

from hypothesis import strategies as st

from transforms import Record

#: A small pool, so that configs and records name the same fields often; plus arbitrary unicode names.
NAMES = ["a", "b", "c", "id", "email", "country", "é", "x.y", "a:b", ""]
names = st.one_of(st.sampled_from(NAMES), st.text(max_size=6))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),  # JsonConverter: every integer is an int64
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=2), st.dictionaries(names, inner, max_size=2)),
    max_leaves=3,
)
# The transforms read top-level fields only: nested values just need to exist, so they stay small.
maps = st.dictionaries(names, json_values, max_size=5)
# Mostly maps; sometimes a tombstone or a value the transform cannot take.
payloads = st.one_of(maps, maps, maps, st.none(), scalars)
topics = st.one_of(st.sampled_from(["orders-eu", "orders", "clean-us", ""]), st.text(max_size=10))
headers = st.one_of(st.just(()), st.lists(st.tuples(st.text(max_size=4), scalars), max_size=2).map(tuple))

records = st.builds(
    Record,
    topic=topics,
    value=payloads,
    key=payloads,
    partition=st.none() | st.integers(0, 11),
    offset=st.none() | st.integers(0, 2**40),
    timestamp=st.none() | st.integers(0, 2**41),
    headers=headers,
)
record_batches = st.lists(records, min_size=1, max_size=3)
variant = st.sampled_from(["$Key", "$Value"])


def csv_or_list(items):
    """A LIST setting as Connect writes it (``"a, b"``) or as YAML does (``[a, b]``)."""
    return st.one_of(st.just(", ".join(items)), st.just(list(items)))


# Regex pieces that make real matches, empty matches, groups and named groups likely.
regexes = st.sampled_from([
    "a", "a+", "x*", "^[^@]+", "(.*)", "(.*?)", "(a)(b)?", "orders-(.*)", "(?<word>[a-z]+)", "(?<w>\\w)",
    "[é-]", "\\d+", "(a|b)+", "$", "^", ".", "(?i)ORDERS", "([a-z]+)-([a-z]+)", "|.", "[a-z&&[^e]]+", "\\Qa.\\E",
    "", "(?P<w>\\w)", "\\p{L}", "a$\\R?", "(?m)^.",
])
replacements = st.sampled_from([
    "", "x", "***", "$0", "$1", "${word}", "${w}", "[$1]", "\\$1", "a\\\\b", "$12", "$1$2", "\\n", "$", "${nope}",
])
