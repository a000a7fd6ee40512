"""ExtractField$Key / $Value: Kafka's ExtractField.java and SingleFieldPath.java, schemaless path
(docs/semantics.md)."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from conftest import backend_or_skip
from strategies import NAMES, record_batches, variant
from transforms import ConfigError, DataError, Record
from transforms.extract_field import IncompleteBackticks, v2_steps
from twins import assert_twins_agree, needs_both_twins

NESTED = {"a": {"b": {"c": 1}, "n": None, "l": [1]}, "a.b": 2, "": {"": 3}, "x`y": 4}


def ext(field, version=None, side="$Value"):
    config = {"alias": "x", "type": "ExtractField" + side, "field": field}
    return config if version is None else {**config, "field.syntax.version": version}


def test_v1_reads_one_top_level_name(make_chain):
    chain = make_chain(ext("a.b"))
    assert chain.apply(Record("t", NESTED)).value == 2
    assert make_chain(ext("")).apply(Record("t", NESTED)).value == {"": 3}


@pytest.mark.parametrize("path, found", [("a.b.c", 1), ("a.b", {"c": 1}), ("`a.b`", 2), (".", 3), ("a.n.c", None),
                                         ("a.zz.c", None), ("zz", None), ("a.", None), ("x`y", 4), ("a.l", [1])])
def test_v2_follows_dotted_paths(make_chain, path, found):
    assert make_chain(ext(path, "V2")).apply(Record("t", NESTED)).value == found


@pytest.mark.parametrize("path, steps", [
    ("a.b", ["a", "b"]), ("`a.b`.c", ["a.b", "c"]), ("a.", ["a", ""]), (".", ["", ""]), ("a..b", ["a", "", "b"]),
    ("``", [""]), ("`a`b`", ["a`b"]), ("`a\\`.b`", ["a`.b"]), ("`a\\``", ["a\\`"]), ("a`b.c", ["a`b", "c"]),
    ("`a`.", ["a", ""]), ("", []),
])
def test_v2_paths_split_like_kafka(path, steps):
    # SingleFieldPath.buildFieldPathV2: a backtick closes only before a dot or at the end; "\`." keeps the
    # backtick and drops the backslash.
    assert v2_steps(path) == steps


def test_v2_parser_matches_kafkas_on_every_short_path():
    # Every string of up to 7 characters from a . ` \ against SingleFieldPath itself: steps or the error.
    backend_or_skip("jvm")
    from transforms.jvm import bridge
    from transforms.jvm.classpath import find_kafka

    bridge.start(find_kafka())
    single_field_path = bridge.load_class("org.apache.kafka.connect.transforms.field.SingleFieldPath")
    v2 = bridge.load_class("org.apache.kafka.connect.transforms.field.FieldSyntaxVersion").V2
    steps = single_field_path.class_.getDeclaredField("steps")
    steps.setAccessible(True)
    for size in range(8):
        for chars in itertools.product("a.`\\", repeat=size):
            path = "".join(chars)
            try:
                kafka = [str(step) for step in steps.get(single_field_path(path, v2))]
            except Exception as exc:  # Kafka's ConfigException: "... at position N to escape it"
                kafka = int(str(exc.getMessage()).split("at position ")[1].split()[0])
            try:
                ours = v2_steps(path)
            except IncompleteBackticks as exc:
                ours = exc.position
            assert ours == kafka, path


@pytest.mark.parametrize("path, position", [("`a", 0), ("a.`b", 2), ("`a`b", 0), ("`a\\`", 0)])
def test_v2_open_backtick_is_a_config_error(make_chain, path, position):
    with pytest.raises(ConfigError, match=rf"opens a backtick pair at position {position} and never closes it"):
        make_chain(ext(path, "V2"))


def test_a_non_map_along_the_path_is_a_data_error(make_chain):
    with pytest.raises(DataError, match=r"field 'a.l.x': step 'l' of the path holds list, not a map") as caught:
        make_chain(ext("a.l.x", "V2")).apply(Record("t", NESTED))
    assert caught.value.field == "a.l.x"


def test_an_empty_v2_path_fails_on_every_map(make_chain):
    chain = make_chain(ext("", "v2"))
    with pytest.raises(DataError, match="is an empty path, which names no field"):
        chain.apply(Record("t", {}))
    assert chain.apply(Record("t", None)).value is None


def test_null_stays_null_and_non_map_is_a_data_error(make_chain):
    chain = make_chain(ext("a"))
    tombstone = Record("t", None, key={"k": 1})
    assert chain.apply(tombstone) == tombstone
    with pytest.raises(DataError, match=r"only maps are supported without a schema for \[field extraction\], "
                                        r"found str as the record value"):
        chain.apply(Record("t", "text"))


def test_key_variant(make_chain):
    out = make_chain(ext("id", side="$Key")).apply(Record("t", {"id": 1}, key={"id": 7}))
    assert (out.key, out.value) == (7, {"id": 1})


@pytest.mark.parametrize("version", ["V1", "v2", " V2 "])
def test_syntax_versions_in_any_case(make_chain, version):
    make_chain(ext("a", version))


@pytest.mark.parametrize("settings, key", [({"field.syntax.version": "V3"}, "field.syntax.version"),
                                           ({"field.syntax.version": ""}, "field.syntax.version"),
                                           ({"replace.null.with.default": "yes"}, "replace.null.with.default")])
def test_config_errors(make_chain, settings, key):
    with pytest.raises(ConfigError) as caught:
        make_chain({**ext("a"), **settings})
    assert (caught.value.alias, caught.value.key) == ("x", key)
    with pytest.raises(ConfigError, match="missing required setting 'field'"):
        make_chain({"type": "ExtractField$Value"})


def test_input_is_not_mutated(make_chain):
    value = {"a": {"b": [1]}}
    out = make_chain(ext("a.b", "V2")).apply(Record("t", value))
    assert value == {"a": {"b": [1]}} and out.value is value["a"]["b"]


PIECES = ["a", "b", "x.y", "", "`x.y`", "`a`", "\\`", "`", ".", "é", "id"]
paths = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)


@needs_both_twins
@settings(max_examples=1000, deadline=None)
@given(field=st.one_of(st.sampled_from(NAMES), paths), version=st.sampled_from([None, "V1", "V2"]), side=variant,
       records=record_batches)
def test_twins_agree(field, version, side, records):
    assert_twins_agree([ext(field, version, side)], records)


PATH_NAMES = ["a", "b", "x.y", "", "é", "a", "b", "x`y"]


def nested(rng, depth=3):
    """A map whose fields are often maps again, named so that generated paths hit them."""
    out = {}
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(PATH_NAMES)
        out[name] = nested(rng, depth - 1) if depth and rng.random() < 0.6 else oracle.json_value(rng, 1)
    return out


def path_to(names, v2):
    """A field setting naming ``names`` level by level (V2: dotted, names with dots in backticks)."""
    if not v2:
        return names[0]
    return ".".join(f"`{name}`" if "." in name else name for name in names)


def walk(rng, data):
    """Names leading into ``data`` level by level, mostly ones it has: a path that often finds something."""
    names = []
    while len(names) < 4:
        if isinstance(data, dict) and data and rng.random() < 0.85:
            name = rng.choice(list(data))
        else:
            name = rng.choice(PATH_NAMES)
        names.append(name)
        data = data.get(name) if isinstance(data, dict) else None
        if not isinstance(data, dict) or rng.random() < 0.3:
            break
    return names


def make_case(rng):
    on_key = rng.random() < 0.5
    config = {"type": "ExtractField" + ("$Key" if on_key else "$Value")}
    version = rng.choice([None, None, "V1", "V2", "V2", "V2", "v2", "v1", " V2 ", "V3", "", "V2"])
    if version is not None:
        config["field.syntax.version"] = version
    records = []
    for record in oracle.records(rng, rng.randint(1, 4)):
        if rng.random() < 0.75:
            record = record._replace(value=nested(rng), key=nested(rng))
        records.append(record)
    if rng.random() < 0.97:
        if rng.random() < 0.75:  # a path the first record holds, most of the way at least
            v2 = version is not None and version.strip().upper() == "V2"
            config["field"] = path_to(walk(rng, records[0].key if on_key else records[0].value), v2)
        else:  # any mix of dots, backticks and backslashes
            config["field"] = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5)))
    if rng.random() < 0.05:
        config["replace.null.with.default"] = rng.choice(["false", "nope"])
    return oracle.Case([config], records)


def test_kafka_agrees():
    oracle.assert_kafka_agrees("ExtractField", oracle.generate(make_case, 2500, seed=20263))
