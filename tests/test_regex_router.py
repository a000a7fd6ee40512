"""RegexRouter: Kafka's RegexRouter.java — matcher.matches(), then matcher.replaceFirst(replacement)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import record_batches, regexes, replacements
from transforms import ConfigError, DataError, Record
from twins import assert_twins_agree, needs_both_twins


def router(regex, replacement):
    return {"alias": "route", "type": "RegexRouter", "regex": regex, "replacement": replacement}


def routed(make_chain, regex, replacement, topic):
    return make_chain(router(regex, replacement)).apply(Record(topic, {"a": 1})).topic


def test_rewrites_a_matching_topic(make_chain):
    assert routed(make_chain, "orders-(.*)", "clean-$1", "orders-eu") == "clean-eu"


def test_the_regex_must_match_the_whole_topic(make_chain):
    # Matcher.matches(), not find(): "orders" alone does not match "orders-eu"
    assert routed(make_chain, "orders", "x", "orders-eu") == "orders-eu"
    assert routed(make_chain, "eu", "x", "orders-eu") == "orders-eu"


def test_replace_first_after_a_whole_match(make_chain):
    # replaceFirst() searches again from the start: a lazy group matches "" there, and the rest is kept.
    assert routed(make_chain, "(.*?)", "[$1]", "abc") == "[]abc"


def test_no_match_keeps_the_record(make_chain):
    record = Record("payments", {"a": 1})
    assert make_chain(router("orders-(.*)", "x-$1")).apply(record) == record


def test_java_named_groups_and_references(make_chain):
    assert routed(make_chain, "(?<env>[a-z]+)\\.(?<name>.*)", "${name}-${env}", "prod.orders") == "orders-prod"


def test_escaped_dollar_and_backslash(make_chain):
    assert routed(make_chain, "(.*)", "\\$1-\\\\-$1", "t") == "$1-\\-t"


def test_group_number_reads_digits_while_they_name_a_group(make_chain):
    # Matcher.appendReplacement: with one group, "$12" is group 1 followed by "2"
    assert routed(make_chain, "(a)", "$12", "a") == "a2"


def test_unmatched_group_adds_nothing(make_chain):
    assert routed(make_chain, "(a)|(b)", "<$2>", "a") == "<>"


@pytest.mark.parametrize("replacement, why", [
    ("$2", "no group 2"), ("${missing}", "no group named 'missing'"), ("x$", "group index is missing"),
    ("$x", "illegal group reference"), ("x\\", "character to be escaped is missing"), ("${}", "has no name"),
    ("${a", "missing its closing"),
])
def test_bad_replacement_is_a_config_error(make_chain, replacement, why):
    with pytest.raises(ConfigError, match=why) as caught:
        make_chain(router("(?<a>.)", replacement))
    assert caught.value.key == "replacement"


def test_bad_regex_names_the_position(make_chain):
    with pytest.raises(ConfigError, match=r"'regex' is not a valid regex at position 7: ") as caught:
        make_chain(router("orders-(", "x"))
    assert (caught.value.alias, caught.value.key) == ("route", "regex")


def test_non_string_topic_is_a_data_error(make_chain):
    with pytest.raises(DataError, match="topic is int"):
        make_chain(router("a", "b")).apply(Record(5, {}))


@needs_both_twins
@settings(max_examples=2000, deadline=None)
@given(regex=regexes, replacement=replacements, records=record_batches, topic=st.text(alphabet="abc-eu.sr", max_size=8))
def test_twins_agree(regex, replacement, records, topic):
    records = records + [records[0].with_topic(topic)]
    assert_twins_agree([router(regex, replacement)], records)
