"""DropHeaders: Kafka's DropHeaders.java."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import csv_or_list, names, record_batches
from transforms import ConfigError, Record
from twins import assert_twins_agree, needs_both_twins

HEADERS = (("a", 1), ("b", 2), ("a", None), ("c", "x"), ("A", 5))


def dh(headers):
    return {"alias": "drop", "type": "DropHeaders", "headers": headers}


def test_drops_every_header_of_those_names_and_keeps_the_rest_in_order(make_chain):
    out = make_chain(dh("a,c")).apply(Record("t", {"v": 1}, key="k", partition=1, offset=2, timestamp=3,
                                             headers=HEADERS))
    assert out == Record("t", {"v": 1}, key="k", partition=1, offset=2, timestamp=3, headers=(("b", 2), ("A", 5)))


def test_names_match_exactly(make_chain):
    assert make_chain(dh("A")).apply(Record("t", None, headers=HEADERS)).headers == HEADERS[:4]


def test_nothing_to_drop_returns_the_record_itself(make_chain):
    record = Record("t", {"v": 1}, headers=HEADERS)
    assert make_chain(dh("nope")).apply(record) is record
    bare = Record("t", None)
    assert make_chain(dh("a")).apply(bare) is bare


def test_a_name_twice_is_accepted_and_yaml_lists_work(make_chain):
    assert make_chain(dh("a, a")).apply(Record("t", None, headers=HEADERS)).headers == HEADERS[1:2] + HEADERS[3:]
    assert make_chain(dh(["b", "A"])).apply(Record("t", None, headers=HEADERS)).headers == (("a", 1), ("a", None),
                                                                                           ("c", "x"))


def test_tombstones_and_non_maps_are_like_any_record(make_chain):
    for value in (None, "text", [1]):
        assert make_chain(dh("b")).apply(Record("t", value, key=value, headers=HEADERS)).headers == \
            tuple(h for h in HEADERS if h[0] != "b")


@pytest.mark.parametrize("headers, message", [
    ("a,", "'headers' has an empty entry"), ("a,,b", "'headers' has an empty entry"), (",", "has an empty entry"),
    ("", "'headers' must name at least one header"), ([], "must name at least one header"),
    (None, "missing required setting 'headers'"),
])
def test_bad_headers_are_config_errors(make_chain, headers, message):
    config = dh(headers)
    if headers is None:
        del config["headers"]
    with pytest.raises(ConfigError, match=message) as caught:
        make_chain(config)
    assert (caught.value.alias, caught.value.key) == ("drop", "headers")


def test_input_is_not_mutated(make_chain):
    headers = [("a", [1]), ("b", 2)]
    record = Record("t", {"v": 1}, headers=tuple(headers))
    make_chain(dh("a")).apply(record)
    assert list(record.headers) == headers


drop_headers_configs = st.builds(dh, st.lists(st.one_of(names, st.sampled_from(["trace", "h"])), min_size=1,
                                              max_size=3).flatmap(csv_or_list))


@needs_both_twins
@settings(max_examples=500, deadline=None)
@given(config=drop_headers_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


# oracle.headers names its headers trace, h, id and é: the configs name those often, and others
HEADER_NAMES = ["trace", "h", "id", "\u00e9", "H", "x", " h", "trace "]


def _names(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.03:
        return rng.choice(["", " ", ",", "h,", ",h", "h,,id"])
    chosen = [rng.choice(HEADER_NAMES) for _ in range(rng.randint(1, 4))]
    return rng.choice([",", ", ", " ,"]).join(chosen)


def make_case(rng: random.Random) -> oracle.Case:
    config = {"alias": "drop", "type": "DropHeaders"}
    if rng.random() < 0.97:
        config["headers"] = _names(rng)
    records = oracle.records(rng)
    for index, record in enumerate(records):  # more headers, names repeated, so that drops happen often
        extra = tuple((rng.choice(HEADER_NAMES).strip(), oracle.scalar(rng)) for _ in range(rng.randint(0, 3)))
        records[index] = record.with_headers(record.headers + extra)
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("DropHeaders", oracle.generate(make_case, 2500, seed=11))
