"""RegexReplace$Key / $Value: smtbench's own — Java replaceAll on one string field (transforms/regex_replace.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import NAMES, record_batches, regexes, replacements, variant
from transforms import ConfigError, ConfigWarning, DataError, Record
from twins import assert_twins_agree, needs_both_twins


def mask(**settings):
    return {"alias": "mask", "type": "RegexReplace$Value", "field": "email", **settings}


def test_replaces_every_match(make_chain):
    chain = make_chain(mask(pattern="[aeiou]", replacement="*"))
    assert chain.apply(Record("t", {"email": "alice@example.com"})).value == {"email": "*l*c*@*x*mpl*.c*m"}


def test_java_group_references(make_chain):
    chain = make_chain(mask(pattern="^([^@])[^@]*@(?<domain>.*)$", replacement="$1***@${domain}"))
    assert chain.apply(Record("t", {"email": "alice@example.com"})).value == {"email": "a***@example.com"}


def test_empty_matches_like_java_replace_all(make_chain):
    # "abxd".replaceAll("x*", "-") is "-a-b--d-" in Java; Python 3.7+ re.sub agrees
    chain = make_chain(mask(pattern="x*", replacement="-"))
    assert chain.apply(Record("t", {"email": "abxd"})).value["email"] == "-a-b--d-"


def test_literal_backslashes_stay_literal(make_chain):
    chain = make_chain(mask(pattern="@", replacement="\\\\n"))  # Java "\\n": a backslash, then n
    assert chain.apply(Record("t", {"email": "a@b"})).value["email"] == "a\\nb"


def test_after_an_empty_match_java_moves_one_character_on(make_chain):
    # "ab".replaceAll("|.", "-") is "-a-b-" in Java; Python's re.sub would give "-----"
    chain = make_chain(mask(pattern="|.", replacement="-"))
    assert chain.apply(Record("t", {"email": "ab"})).value["email"] == "-a-b-"


@pytest.mark.parametrize("pattern, text, expected", [
    (".", "a\rb", "x\rx"), ("\\w", "éa", "éx"), ("(?i)k", "K\u212ak", "x\u212ax"), ("[a-z&&[^e]]", "abe", "xxe"),
    ("$", "a\n", "ax\nx"), ("\\0141", "a", "x"),
])
def test_java_meaning(make_chain, pattern, text, expected):
    chain = make_chain(mask(pattern=pattern, replacement="x"))
    assert chain.apply(Record("t", {"email": text})).value["email"] == expected


def test_bad_replacement_warns_then_fails_each_matching_field(make_chain):
    with pytest.warns(ConfigWarning, match="replacement '\\$2' names group 2 but the regex has 1"):
        chain = make_chain(mask(pattern="(a)", replacement="$2"))
    record = Record("t", {"email": "bcd"})
    assert chain.apply(record) is record  # no match: Java's replaceAll never expands the replacement
    with pytest.raises(DataError, match="fails on every field the pattern matches") as caught:
        chain.apply(Record("t", {"email": "xa"}))
    assert caught.value.field == "email"


@pytest.mark.parametrize("pattern, message", [
    ("", "'pattern' must not be empty"), ("(", "not a valid regex at position 1: Unclosed group"),
    ("\\bx", "position 0: \\\\b"),
])
def test_pattern_errors(make_chain, pattern, message):
    with pytest.raises(ConfigError, match=message):
        make_chain(mask(pattern=pattern, replacement="x"))


@pytest.mark.parametrize("value", [{"other": 1}, {"email": None}, None])
def test_missing_or_null_field_or_value_leaves_the_record(make_chain, value):
    record = Record("t", value)
    assert make_chain(mask(pattern="a", replacement="b")).apply(record) == record


def test_non_string_field_is_a_data_error(make_chain):
    with pytest.raises(DataError) as caught:
        make_chain(mask(pattern="a", replacement="b")).apply(Record("t", {"email": 42}))
    assert str(caught.value) == ("transform 'mask' (RegexReplace$Value): field 'email' of the record value is int, "
                                 "expected str")
    assert caught.value.field == "email"


def test_key_variant(make_chain):
    chain = make_chain({"type": "RegexReplace$Key", "field": "id", "pattern": "-", "replacement": ""})
    out = chain.apply(Record("t", {"id": "a-b"}, key={"id": "a-b"}))
    assert out.key == {"id": "ab"} and out.value == {"id": "a-b"}


@pytest.mark.parametrize("missing", ["field", "pattern", "replacement"])
def test_required_settings(make_chain, missing):
    config = mask(pattern="a", replacement="b")
    del config[missing]
    with pytest.raises(ConfigError, match=f"missing required setting {missing!r}"):
        make_chain(config)


def test_input_is_not_mutated(make_chain):
    value = {"email": "a@b"}
    make_chain(mask(pattern="a", replacement="x")).apply(Record("t", value))
    assert value == {"email": "a@b"}


regex_replace_configs = st.builds(
    lambda side, field, pattern, replacement: {
        "type": "RegexReplace" + side, "field": field, "pattern": pattern, "replacement": replacement,
    },
    variant, st.sampled_from(NAMES[:-1]), regexes, replacements,
)


@needs_both_twins
@settings(max_examples=2000, deadline=None)
@given(config=regex_replace_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)
