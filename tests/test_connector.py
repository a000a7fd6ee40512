"""The chain as a connector config holds it (Connect's own keys), in the Python API."""

from __future__ import annotations

import pytest

from transforms import ConfigError, ConfigWarning, Record, build_chain, parse_chain

CONNECTOR = {
    "name": "orders-sink", "connector.class": "io.example.Sink", "topics": "orders",
    "transforms": "rename, route",
    "transforms.rename.type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
    "transforms.rename.renames": "order_id:orderId",
    "transforms.route.type": "RegexRouter",
    "transforms.route.regex": "orders-(.*)",
    "transforms.route.replacement": "clean-$1",
    "transforms.route.predicate": "eu",
    "transforms.route.negate": "false",
    "predicates": "eu",
    "predicates.eu.type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
    "predicates.eu.pattern": "orders-eu",
    "errors.tolerance": "all",
}


def test_a_connector_config_parses_to_the_same_chain_as_a_list():
    from_connector = parse_chain(CONNECTOR)
    from_list = parse_chain([
        {"alias": "rename", "type": "org.apache.kafka.connect.transforms.ReplaceField$Value",
         "renames": "order_id:orderId"},
        {"alias": "route", "type": "RegexRouter", "regex": "orders-(.*)", "replacement": "clean-$1",
         "predicate": "eu", "negate": "false"},
    ], predicates=[{"alias": "eu", "type": "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                    "pattern": "orders-eu"}], errors_tolerance="all")
    assert from_connector.aliases == from_list.aliases == ["rename", "route"]
    assert [dict(s.settings) for s in from_connector.stages] == [dict(s.settings) for s in from_list.stages]
    assert from_connector.stages[1].predicate.alias == "eu" and from_connector.errors_tolerance == "all"


def test_build_chain_takes_a_connector_config(backend):
    chain = build_chain(CONNECTOR, backend)
    assert chain.apply(Record("orders-eu", {"order_id": 1})) == Record("clean-eu", {"orderId": 1})
    assert chain.apply(Record("orders-us", {"order_id": 1})).topic == "orders-us"
    assert chain.apply(Record("orders-us", "no map")) is None and chain.skipped == [1, 0]


def test_no_transforms_is_an_empty_chain(backend):
    assert build_chain({"name": "x"}, backend).apply(Record("t", 1)) == Record("t", 1)


@pytest.mark.parametrize("change, key, message", [
    ({"transforms": "rename,"}, "transforms", "'transforms' has an empty alias"),
    ({"transforms": "rename,rename"}, "transforms", "'transforms' lists 'rename' more than once"),
    ({"transforms": "rename,nope"}, "transforms.nope.type", "transforms.nope.type is missing"),
    ({"predicates": "eu,other"}, "predicates.other.type", "predicates.other.type is missing"),
    ({"errors.tolerance": "ALL"}, "errors.tolerance", "errors.tolerance 'ALL' is not one of none, all"),
    ({"transforms.route.predicate": "us"}, "predicate", "predicate 'us' is not declared; declared: eu"),
])
@pytest.mark.filterwarnings("ignore::transforms.ConfigWarning")
def test_bad_connector_configs_are_one_config_error(change, key, message):
    with pytest.raises(ConfigError, match=message) as caught:
        parse_chain({**CONNECTOR, **change})
    assert caught.value.key == key


def test_keys_of_unlisted_aliases_warn():
    with pytest.warns(ConfigWarning, match=r"^transforms.old.type, transforms.old.x: set, but transforms does not "
                                           r"list 'old' \(it lists rename, route\): ignored, as Connect ignores it"):
        parse_chain({**CONNECTOR, "transforms.old.type": "Filter", "transforms.old.x": "1"})


def test_aliases_may_hold_dots():
    spec = parse_chain({"transforms": "a.b", "transforms.a.b.type": "ReplaceField$Value",
                        "transforms.a.b.renames": "x:y"})
    assert spec.aliases == ["a.b"] and dict(spec.stages[0].settings) == {"renames": "x:y"}
