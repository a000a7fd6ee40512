"""SetSchemaMetadata$Key / $Value: Kafka's SetSchemaMetadata.java on schemaless records (docs/semantics.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import record_batches, variant
from transforms import ConfigError, DataError, Record
from transforms.set_schema_metadata import java_parse_int
from twins import assert_twins_agree, needs_both_twins


def ssm(side="$Value", **settings):
    return {"alias": "s", "type": "SetSchemaMetadata" + side, **{k.replace("_", "."): v for k, v in settings.items()}}


@pytest.mark.parametrize("value", [{"a": 1}, "text", 5, [1], {}])
def test_a_schemaless_record_is_an_error(make_chain, value):
    with pytest.raises(DataError) as caught:
        make_chain(ssm(schema_name="com.example.Order")).apply(Record("t", value))
    assert str(caught.value).startswith("transform 's' (SetSchemaMetadata$Value): schema required for [updating "
                                        f"schema metadata]: the record value is {type(value).__name__} without a "
                                        "schema")


def test_a_null_passes_through(make_chain):
    tombstone = Record("t", None, key={"k": 1}, offset=3)
    assert make_chain(ssm(schema_version="2")).apply(tombstone) is tombstone
    null_key = Record("t", {"a": 1}, key=None)
    assert make_chain(ssm("$Key", schema_name="")).apply(null_key) is null_key
    with pytest.raises(DataError, match="the record key is dict without a schema"):
        make_chain(ssm("$Key", schema_name="n")).apply(Record("t", None, key={"k": 1}))


@pytest.mark.parametrize("text, number", [("5", 5), ("+5", 5), ("-0", 0), ("007", 7), ("٣", 3),
                                          ("2147483647", 2**31 - 1), ("-2147483648", -2**31)])
def test_versions_parse_like_java(text, number):
    assert java_parse_int(text) == number


@pytest.mark.parametrize("text", ["", "+", "1_0", "0x1", "1.0", "2147483648", "-2147483649", "\U0001d7ce", "²"])
def test_bad_versions(make_chain, text):
    with pytest.raises(ValueError):
        java_parse_int(text)
    with pytest.raises(ConfigError) as caught:
        make_chain(ssm(schema_version=text))
    assert caught.value.key == "schema.version"


@pytest.mark.parametrize("settings, key, message", [
    ({}, None, "set schema.name, schema.version or both"),
    ({"schema.version": " 3 ", "replace.null.with.default": "x"}, "replace.null.with.default",
     "'replace.null.with.default' must be true or false"),
])
def test_config_errors(make_chain, settings, key, message):
    with pytest.raises(ConfigError) as caught:
        make_chain({**ssm(), **settings})
    assert str(caught.value).startswith(f"transform 's' (SetSchemaMetadata$Value): {message}")
    assert (caught.value.alias, caught.value.key) == ("s", key)


def test_input_is_not_mutated(make_chain):
    value = {"a": [1]}
    with pytest.raises(DataError):
        make_chain(ssm(schema_name="n")).apply(Record("t", value))
    assert value == {"a": [1]}


@needs_both_twins
@settings(max_examples=500, deadline=None)
@given(side=variant, name=st.none() | st.text(max_size=3), version=st.none() | st.sampled_from(["1", "x", "-2"]),
       records=record_batches)
def test_twins_agree(side, name, version, records):
    config = ssm(side)
    config.update({k: v for k, v in (("schema.name", name), ("schema.version", version)) if v is not None})
    assert_twins_agree([config], records)


VERSIONS = ["1", "0", "-1", "+7", " 12 ", "007", "2147483647", "2147483648", "-2147483648", "", "x", "1.5", "1e3",
            "٣", "0x10", "1_0", "\U0001d7ce"]


def make_case(rng):
    config = {"type": "SetSchemaMetadata" + rng.choice(["$Key", "$Value"])}
    if rng.random() < 0.6:
        config["schema.name"] = rng.choice(["com.example.Order", "", " x ", oracle.text(rng)])
    if rng.random() < 0.6:
        config["schema.version"] = rng.choice(VERSIONS)
    if rng.random() < 0.05:
        config["replace.null.with.default"] = rng.choice(["true", "nope"])
    records = oracle.records(rng, rng.randint(1, 4))
    for index in range(len(records)):  # null keys and tombstones are what passes: make them common
        if rng.random() < 0.4:
            records[index] = records[index]._replace(**{rng.choice(["key", "value"]): None})
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("SetSchemaMetadata", oracle.generate(make_case, 2000, seed=20266))
