"""The fused backend (transforms/fused.py plans, fused_c.pyx runs): what it composes, where it splits, and that it
does exactly what the stages do one by one. Every behaviour test runs on it too (the ``backend`` fixture), and the
differential tests compare it with the python twin and with Kafka's classes (tests/oracle.py)."""

from __future__ import annotations

import copy
import random
import sys

import pytest

from conftest import backend_or_skip
from transforms import ConfigWarning, DataError, Record, build_chain, parse_chain
from transforms import fused
from twins import strictly_equal

pytestmark = pytest.mark.usefixtures("fused_backend")


@pytest.fixture(scope="module")
def fused_backend():
    return backend_or_skip("fused")


def renames(*pairs, side="Value", **settings):
    return {"type": f"ReplaceField${side}", "renames": ",".join(pairs), **settings}


def ordered(value):
    """A value with every map's order made visible: converters write fields in map order."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    return value


def test_adjacent_renames_on_one_side_compose_into_one_step():
    spec = parse_chain([renames("a:b"), renames("b:c", exclude="x"), renames("k:key", side="Key"),
                        renames("key:id", side="Key"), {"type": "RegexRouter", "regex": "(.*)", "replacement": "$1"}])
    steps = fused.plan(spec)
    assert [(step.kind, step.stages) for step in steps] == [("fields", (0, 1)), ("fields", (2, 3)), ("route", (4,))]
    assert steps[0].mapping == {"a": "c", "b": "c", "c": "c", "x": fused.DROP} and steps[0].keep_others
    chain = build_chain(spec, "fused")
    assert chain.apply(Record("t", {"a": 1, "x": 2, "y": 3}, key={"k": 4})) == \
        Record("t", {"c": 1, "y": 3}, key={"id": 4})


def test_an_include_list_drops_every_field_no_stage_names():
    mapping, keep_others = fused.compose_fields([parse_chain([renames("a:b")]).stages[0].spec,
                                                 parse_chain([{"type": "ReplaceField$Value",
                                                               "include": "b,z"}]).stages[0].spec])
    assert mapping == {"a": "b", "b": "b", "z": "z"} and not keep_others


def test_a_stage_with_a_predicate_composes_with_nothing():
    spec = parse_chain([renames("a:b"), {**renames("b:c"), "predicate": "p"}, renames("c:d")],
                       predicates=[{"alias": "p", "type": "TopicNameMatches", "pattern": "keep.*"}])
    assert [step.stages for step in fused.plan(spec)] == [(0,), (1,), (2,)]
    chain = build_chain(spec, "fused")
    assert chain.apply(Record("keep", {"a": 1})).value == {"d": 1}
    assert chain.apply(Record("other", {"a": 1})).value == {"b": 1}


def test_the_plan_says_where_a_python_class_splits_the_pass(tmp_path):
    (tmp_path / "keeper.py").write_text("class Keep:\n    seen = []\n\n"
                                        "    def apply(self, record):\n        Keep.seen.append(record)\n"
                                        "        return record\n")
    chain = build_chain([renames("a:b"), {"alias": "keep", "type": "keeper:Keep"},
                         {"alias": "tag", "type": "InsertField$Value", "static.field": "tag", "static.value": "x"},
                         {"alias": "look", "type": "Lookup$Value", "field": "b", "target": "name",
                          "table": {"1": "one"}}], "fused", base_dir=tmp_path)
    assert "the pass splits at 'keep': a Python class runs as written" in chain.plan[0]
    assert chain.plan[2] == "'keep': a Python class, run as written: the fused pass splits here"
    out = chain.apply(Record("t", {"a": 1}))
    assert out.value == {"b": 1, "tag": "x", "name": "one"}
    seen = sys.modules["keeper"].Keep.seen
    assert seen[0].value == {"b": 1}, "a map the Python class was given was written after it"


def test_each_stage_alone_is_that_stage_fused():
    chain = build_chain([renames("a:b"), renames("b:c")], "fused")
    assert [stage.spec.alias for stage in chain.stages] == ["#1", "#2"]
    assert chain.stages[1].apply(Record("t", {"a": 1, "b": 2})).value == {"a": 1, "c": 2}
    assert len(chain.steps) == 1 and all(len(stage.steps) == 1 for stage in chain.stages)


def test_a_composed_step_fails_and_counts_as_its_first_stage():
    stages = [{"alias": "one", **renames("a:b")}, {"alias": "two", **renames("b:c")},
              {"alias": "mask", "type": "RegexReplace$Value", "field": "c", "pattern": "x", "replacement": "y"}]
    with pytest.raises(DataError, match=r"transform 'one' \(ReplaceField\$Value\): only maps"):
        build_chain(stages, "fused").apply(Record("t", "not a map"))
    chain = build_chain(parse_chain(stages, errors_tolerance="all"), "fused")
    assert chain.apply(Record("t", "not a map")) is None
    assert chain.apply(Record("t", {"a": 7})) is None  # mask: an int where it wants text
    assert chain.apply(Record("t", {"a": "xx"})) == Record("t", {"c": "yy"})
    assert chain.skipped == [1, 0, 1]


def test_a_route_is_worked_out_once_per_topic_and_a_bad_one_fails_every_time():
    chain = build_chain([{"type": "RegexRouter", "regex": "(o)-(.*)", "replacement": "$2.$1"}], "fused")
    topics = [f"o-{i % 1500}" for i in range(4000)] + ["x", "o-"]  # more topics than a step keeps
    assert [chain.apply(Record(topic, None)).topic for topic in topics] == \
        [f"{i % 1500}.o" for i in range(4000)] + ["x", ".o"]
    with pytest.warns(ConfigWarning, match="names group 2 but the regex has 1"):
        bad = build_chain(parse_chain([{"type": "RegexRouter", "regex": "(.*)", "replacement": "$2"}],
                                      errors_tolerance="all"), "fused")
    assert [bad.apply(Record("t", None)) for _ in range(3)] == [None] * 3 and bad.skipped == [3]


def _rename_stage(rng, names):
    config = {"type": "ReplaceField$Value"}
    if rng.random() < 0.8:
        config["renames"] = ",".join(f"{rng.choice(names)}:{rng.choice(names)}" for _ in range(rng.randint(1, 3)))
    for key in ("include", "exclude"):
        if rng.random() < 0.2:
            config[key] = ",".join(sorted(set(rng.sample(names, rng.randint(1, 3)))))
    return config


def test_composed_renames_match_the_stages_one_by_one_even_where_fields_collide():
    """Where two fields end up under one name, which one survives depends on the order of the maps built in
    between: the fused step must see that and give the python twin's map, in its order."""
    rng = random.Random(12)
    names = list("abcdef")
    collided = 0
    for _ in range(1500):
        configs = [_rename_stage(rng, names) for _ in range(rng.randint(2, 5))]
        python, fast = build_chain(configs, "python"), build_chain(configs, "fused")
        for _ in range(4):
            fields = rng.sample(names, rng.randint(0, len(names)))
            record = Record("t", {name: rng.randint(0, 9) for name in fields})
            before = copy.deepcopy(record)
            want, got = python.apply(record), fast.apply(record)
            assert strictly_equal(record, before)
            assert ordered(got.value) == ordered(want.value), (configs, record)
            collided += len(got.value) < len(record.value)
    assert collided > 500  # the generator does make fields meet
