"""Lookup$Key / $Value: smtbench's own enrichment from a table (transforms/lookup.py)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import NAMES, json_values, record_batches, variant
from transforms import ConfigError, DataError, Record
from twins import assert_twins_agree, needs_both_twins

COUNTRIES = {"DE": "Germany", "FR": "France", "7": "seven", "-3": "minus three", "07": "oh-seven"}


def lookup(**settings):
    return {"alias": "country", "type": "Lookup$Value", "field": "country", "table": COUNTRIES, **settings}


def looked_up(make_chain, value, **settings):
    return make_chain(lookup(**settings)).apply(Record("t", value)).value


def test_writes_the_match_to_target(make_chain):
    assert looked_up(make_chain, {"country": "DE"}, target="name") == {"country": "DE", "name": "Germany"}


def test_target_defaults_to_the_field(make_chain):
    assert looked_up(make_chain, {"country": "FR"}) == {"country": "France"}


def test_miss_writes_the_default(make_chain):
    assert looked_up(make_chain, {"country": "XX"}, target="name", default="unknown") == {
        "country": "XX", "name": "unknown"}


@pytest.mark.parametrize("value", [{"country": "XX"}, {"country": None}, {"other": 1}])
def test_miss_without_default_leaves_the_record(make_chain, value):
    record = Record("t", value)
    assert make_chain(lookup(target="name")).apply(record) == record


def test_missing_or_null_field_is_a_miss(make_chain):
    assert looked_up(make_chain, {"country": None}, target="n", default="?") == {"country": None, "n": "?"}
    assert looked_up(make_chain, {}, target="n", default="?") == {"n": "?"}


@pytest.mark.parametrize("key, expected", [(7, "seven"), (-3, "minus three"), (70, None), ("07", "oh-seven")])
def test_integers_match_their_decimal_string(make_chain, key, expected):
    # JsonConverter gives every JSON integer as int64; a CSV key is text.
    assert looked_up(make_chain, {"country": key}, target="n").get("n") == expected


@pytest.mark.parametrize("key", [True, 7.0, [1], {"a": 1}])
def test_other_field_types_are_data_errors(make_chain, key):
    with pytest.raises(DataError, match=f"field 'country' of the record value is {type(key).__name__}, "
                                        "expected str or int"):
        make_chain(lookup()).apply(Record("t", {"country": key}))


def test_null_value_passes_and_non_map_is_an_error(make_chain):
    chain = make_chain(lookup())
    assert chain.apply(Record("t", None)) == Record("t", None)
    with pytest.raises(DataError, match=r"\[lookup\], found list"):
        chain.apply(Record("t", [1]))


def test_csv_table_relative_to_base_dir(make_chain, tmp_path):
    (tmp_path / "countries.csv").write_text("key,value\nDE,Germany\n\"A,B\",with comma\n", encoding="utf-8")
    chain = make_chain(lookup(table="countries.csv", target="name"), base_dir=tmp_path)
    assert chain.apply(Record("t", {"country": "A,B"})).value["name"] == "with comma"


def test_json_table(make_chain, tmp_path):
    (tmp_path / "t.json").write_text(json.dumps({"DE": {"name": "Germany", "eu": True}}), encoding="utf-8")
    chain = make_chain(lookup(table="t.json", target="info"), base_dir=tmp_path)
    assert chain.apply(Record("t", {"country": "DE"})).value["info"] == {"name": "Germany", "eu": True}


@pytest.mark.parametrize("name, content, message", [
    ("missing.csv", None, r"table file 'missing.csv' not found \(looked for .*missing.csv\)"),
    ("t.csv", "code,name\nDE,Germany\n", r"t.csv:1: the first row must be the header 'key,value'"),
    ("t.csv", "key,value\nDE,Germany\nDE,Deutschland\n", r"t.csv:3: duplicate key 'DE' \(first at line 2\)"),
    ("t.csv", "key,value\nDE\n", r"t.csv:2: expected 2 columns \(key,value\), found 1"),
    ("t.json", "[1, 2]", r"a JSON table must be one object"),
    ("t.json", "{\n\"a\": }", r"t.json:2: not valid JSON"),
    ("t.txt", "key,value\n", r"must end in .csv or .json"),
])
def test_bad_tables_are_config_errors(make_chain, tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        make_chain(lookup(table=name), base_dir=tmp_path)
    assert (caught.value.alias, caught.value.key) == ("country", "table")


def test_input_is_not_mutated(make_chain):
    value = {"country": "DE"}
    make_chain(lookup(target="name")).apply(Record("t", value))
    assert value == {"country": "DE"}


table_keys = st.one_of(st.sampled_from(["DE", "7", "07", "-3", "+7", "1_000", "٣", " 7", "a"]), st.text(max_size=3))
lookup_configs = st.builds(
    lambda side, field, target, table, default: {
        "type": "Lookup" + side, "field": field, "table": table,
        **({"target": target} if target else {}), **({"default": default} if default is not None else {}),
    },
    variant, st.sampled_from(NAMES[:-1]), st.sampled_from([None, "out", "a"]),
    st.dictionaries(table_keys, json_values, max_size=6), st.none() | st.text(max_size=3),
)
lookup_keys = st.one_of(table_keys, st.integers(-10, 2000), st.booleans(), st.floats(), st.none())


@needs_both_twins
@settings(max_examples=2000, deadline=None)
@given(config=lookup_configs, records=record_batches, key=lookup_keys)
def test_twins_agree(config, records, key):
    field = config["field"]
    hit = records[0]._replace(value={field: key, "z": 1}, key={field: key})
    assert_twins_agree([config], records + [hit])
