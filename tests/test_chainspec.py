"""parse_chain: one parsed, validated, immutable chain that every backend builds from (transforms/chainspec.py)."""

import dataclasses
from pathlib import Path

import pytest

from transforms import ChainSpec, ConfigError, ConfigWarning, Record, backends, build_chain, parse_chain
from transforms.replace_field import ReplaceFieldSpec


class FileSource:
    """A made-up chain file: transform i sits at line 10 + 5i, its key k at the line after."""

    base_dir = Path("/chains")

    def locate(self, index, key, section="transforms"):
        return f"chain.yaml:{10 + 5 * index + (1 if key else 0)}"


CONFIGS = [
    {"alias": "rename", "type": "org.apache.kafka.connect.transforms.ReplaceField$Value", "renames": "a:b"},
    {"type": "RegexRouter", "regex": "t", "replacement": "u"},
    {"alias": "c", "type": "Lookup$Value", "field": "b", "table": {"1": "one"}},
]


def test_a_parsed_chain_holds_what_every_backend_needs():
    spec = parse_chain(CONFIGS)
    assert isinstance(spec, ChainSpec) and len(spec) == 3
    assert spec.aliases == ["rename", "#2", "c"]
    rename, route, lookup = spec.stages
    assert (rename.index, rename.type_name, rename.class_name) == (
        0, "org.apache.kafka.connect.transforms.ReplaceField$Value",
        "org.apache.kafka.connect.transforms.ReplaceField$Value")
    assert route.class_name == "org.apache.kafka.connect.transforms.RegexRouter"
    assert lookup.class_name == "Lookup$Value"  # smtbench's own: no Kafka class
    assert dict(rename.settings) == {"renames": "a:b"} and rename.family.name == "ReplaceField"
    assert isinstance(rename.spec, ReplaceFieldSpec) and rename.spec.renames == {"a": "b"}
    assert rename.location is None  # no source given


def test_it_is_immutable():
    spec = parse_chain(CONFIGS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.stages[0].alias = "x"
    with pytest.raises(TypeError):
        spec.stages[0].settings["renames"] = "x:y"


def test_one_parse_serves_every_backend():
    spec = parse_chain(CONFIGS)
    record = Record("t", {"a": 1})
    outputs = []
    for name in [name for name in backends.available() if not backends.REGISTRY[name].kafka]:
        chain = build_chain(spec, name)
        assert [stage.spec for stage in chain.stages] == [stage.spec for stage in spec.stages]
        assert chain.stages[2].spec is spec.stages[2].spec  # the table was loaded once, not per backend
        outputs.append(chain.apply(record))
    # renamed a -> b, then b (the int 1) looked up as "1" and written back to b
    assert outputs == [Record("u", {"b": "one"})] * len(outputs)


def test_errors_carry_the_location_of_the_stage_and_key():
    bad = [CONFIGS[0], {"alias": "m", "type": "RegexReplace$Value", "field": "e", "pattern": "(", "replacement": ""}]
    with pytest.raises(ConfigError) as caught:
        parse_chain(bad, FileSource())
    assert caught.value.location == "chain.yaml:16"
    assert str(caught.value).startswith("chain.yaml:16: transform 'm' (RegexReplace$Value): 'pattern' is not a "
                                        "valid regex")
    # errors raised before the transform parses its settings: the type, a duplicate alias
    with pytest.raises(ConfigError, match=r"^chain.yaml:16: transform 'x' \(Nope\$Value\): unknown transform"):
        parse_chain([CONFIGS[0], {"alias": "x", "type": "Nope$Value"}], FileSource())
    with pytest.raises(ConfigError, match=r"^chain.yaml:16: transform 'rename': duplicate alias 'rename'"):
        parse_chain([CONFIGS[0], CONFIGS[0]], FileSource())


def test_warnings_carry_the_location_too():
    with pytest.warns(ConfigWarning) as caught:
        spec = parse_chain([{"type": "ReplaceField$Value", "renmaes": "a:b"}], FileSource())
    assert caught[0].message.location == "chain.yaml:11" and caught[0].message.key == "renmaes"
    assert spec.stages[0].location == "chain.yaml:10"


def test_relative_paths_resolve_against_the_source(tmp_path):
    (tmp_path / "t.csv").write_text("key,value\n1,one\n", encoding="utf-8")
    source = FileSource()
    source.base_dir = tmp_path
    spec = parse_chain([{"type": "Lookup$Value", "field": "n", "table": "t.csv"}], source)
    assert spec.base_dir == tmp_path and spec.stages[0].spec.table == {"1": "one"}
