"""build_chain: type resolution, aliases, chain order, errors and warnings (transforms/chain.py, registry.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import record_batches
from test_lookup import lookup_configs
from test_regex_replace import regex_replace_configs
from test_regex_router import router
from test_replace_field import replace_field_configs
from transforms import ConfigError, ConfigWarning, Record, TransformError, build_chain, parse_chain, type_names
from twins import assert_twins_agree, needs_both_twins

ORDERS = [
    {"alias": "rename", "type": "ReplaceField$Value", "renames": "order_id:orderId,customer_id:customerId"},
    {"alias": "mask", "type": "RegexReplace$Value", "field": "email", "pattern": "^[^@]+", "replacement": "***"},
    {"alias": "country", "type": "Lookup$Value", "field": "country", "target": "country_name",
     "table": {"DE": "Germany"}, "default": "unknown"},
    {"alias": "route", "type": "RegexRouter", "regex": "orders-(.*)", "replacement": "clean-$1"},
]


def test_a_chain_runs_its_stages_in_order(make_chain, backend):
    chain = make_chain(*ORDERS)
    assert chain.backend == backend
    assert [stage.spec.alias for stage in chain.stages] == ["rename", "mask", "country", "route"]
    out = chain.apply(Record("orders-eu", {"order_id": 1, "customer_id": 2, "email": "bob@x.io", "country": "FR"},
                             key="k", partition=3, offset=9, timestamp=1700000000000, headers=(("h", 1),)))
    assert out == Record("clean-eu", {"orderId": 1, "customerId": 2, "email": "***@x.io", "country": "FR",
                                      "country_name": "unknown"}, "k", 3, 9, 1700000000000, (("h", 1),))


def test_later_stages_see_earlier_results(make_chain):
    chain = make_chain({"type": "ReplaceField$Value", "renames": "mail:email"},
                       {"type": "RegexReplace$Value", "field": "email", "pattern": ".", "replacement": "x"})
    assert chain.apply(Record("t", {"mail": "ab"})).value == {"email": "xx"}


def test_empty_chain_returns_the_record(make_chain):
    record = Record("t", {"a": 1})
    assert make_chain().apply(record) is record


def test_kafka_class_names_resolve(make_chain):
    chain = make_chain({"type": "org.apache.kafka.connect.transforms.ReplaceField$Value", "renames": "a:b"})
    assert chain.apply(Record("t", {"a": 1})).value == {"b": 1}


@pytest.mark.parametrize("type_name, message", [
    ("ReplaceFeild$Value", "unknown transform type 'ReplaceFeild$Value'; did you mean 'ReplaceField$Value'?"),
    ("ReplaceField", "ReplaceField acts on the key or the value: write ReplaceField$Key or ReplaceField$Value"),
    ("RegexRouter$Value", "RegexRouter has no $Key/$Value variants: write RegexRouter"),
    # Java classes smtbench has no twin of: only the jvm backend runs them (tests/test_jvm_backend.py)
    ("io.debezium.transforms.ExtractNewRecordState",
     "twin in smtbench: only Kafka's class runs it; measure this chain with --backends jvm"),
    ("io.confluent.connect.transforms.Drop$Key", "twin in smtbench: only Kafka's class runs it"),
    ("org.apache.kafka.connect.transforms.Lookup$Value", "unknown transform type"),  # ours, not Kafka's
    ("org.apache.kafka.connect.transforms.Cats$Value", "unknown transform type .*; did you mean 'Cast$Value'?"),
])
def test_bad_types(make_chain, type_name, message):
    with pytest.raises(ConfigError, match=message.replace("$", r"\$").replace("(", r"\(").replace("?", r"\?")) \
            as caught:
        make_chain({"alias": "x", "type": type_name})
    assert (caught.value.alias, caught.value.key) == ("x", "type")


def test_missing_type_and_duplicate_alias(make_chain):
    with pytest.raises(ConfigError, match="missing required setting 'type'"):
        make_chain({"alias": "x"})
    with pytest.raises(ConfigError, match="duplicate alias 'x'"):
        make_chain(router("a", "b") | {"alias": "x"}, router("a", "b") | {"alias": "x"})


def test_default_alias_is_the_position(make_chain):
    with pytest.raises(ConfigError, match=r"^transform '#2' \(RegexRouter\): missing required setting 'regex'"):
        make_chain(router("a", "b"), {"type": "RegexRouter"})


def test_unknown_setting_warns_with_a_hint(make_chain):
    with pytest.warns(ConfigWarning, match=r"unknown setting 'renmaes' is ignored \(did you mean 'renames'\?\)"):
        make_chain({"alias": "r", "type": "ReplaceField$Value", "renmaes": "a:b"})


@pytest.mark.parametrize("config, predicates, message", [
    ({"predicate": "tomb"}, [], "predicate 'tomb' is not declared; the chain declares none under 'predicates:'"),
    ({"predicate": "tmob"}, [{"alias": "tomb", "type": "RecordIsTombstone"}], "did you mean 'tomb'"),
    ({"negate": True}, [], "'negate' without a 'predicate' means nothing"),
    ({"predicate": "t", "negate": "yes"}, [{"alias": "t", "type": "RecordIsTombstone"}], "'negate' must be true"),
    ({}, [{"alias": "t", "type": "RecordIsTombstones"}], "unknown predicate type .*did you mean 'RecordIsTombstone'"),
    ({}, [{"alias": "t", "type": "HasHeaderKey", "name": "h"}] * 2, "duplicate predicate"),
    ({}, [{"type": "HasHeaderKey"}], "a predicate needs an alias"),
])
def test_bad_predicates(config, predicates, message):
    with pytest.raises(ConfigError, match=message):
        parse_chain([router("a", "b") | config], predicates=predicates)



def test_unknown_backend():
    with pytest.raises(ConfigError, match="unknown backend 'rust'"):
        build_chain([], "rust")


def test_type_names_lists_every_variant():
    assert {"ReplaceField$Key", "ReplaceField$Value", "RegexRouter", "Lookup$Value"} <= set(type_names())


def test_errors_share_one_base():
    assert issubclass(ConfigError, TransformError)


any_config = st.one_of(replace_field_configs, regex_replace_configs, lookup_configs)


@needs_both_twins
@settings(max_examples=2000, deadline=None)
@given(configs=st.lists(any_config, max_size=4), records=record_batches)
def test_twins_agree_on_whole_chains(configs, records):
    assert_twins_agree(configs + [router("orders-(.*)", "clean-$1")], records)
