"""Kafka's predicates (TopicNameMatches, HasHeaderKey, RecordIsTombstone) on the twins: a transform with a
``predicate`` runs when the predicate's test differs from ``negate``, as Connect's TransformationStage does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

import oracle
from strategies import record_batches
from transforms import ConfigError, Record, backends, build_chain, parse_chain
from twins import assert_twins_agree, needs_both_twins

RENAME = {"alias": "rename", "type": "ReplaceField$Value", "renames": "a:b"}


def gated(predicate: dict, negate=None, stage=RENAME) -> dict:
    """A connector config: one rename stage gated by one predicate."""
    config = {"transforms": "rename", "predicates": "p", "predicates.p.type": predicate["type"]}
    config.update({f"predicates.p.{k}": v for k, v in predicate.items() if k != "type"})
    config.update({f"transforms.rename.{k}": v for k, v in stage.items() if k != "alias"})
    config["transforms.rename.predicate"] = "p"
    if negate is not None:
        config["transforms.rename.negate"] = negate
    return config


@pytest.mark.parametrize("negate, renamed", [(None, ["orders-eu"]), ("false", ["orders-eu"]),
                                             ("true", ["orders", "Orders-eu"])])
def test_topic_name_matches_the_whole_topic(backend, negate, renamed):
    chain = build_chain(gated({"type": "TopicNameMatches", "pattern": "orders-.*"}, negate), backend)
    for topic in ("orders-eu", "orders", "Orders-eu"):
        out = chain.apply(Record(topic, {"a": 1}))
        assert out.value == ({"b": 1} if topic in renamed else {"a": 1}), topic


def test_a_null_topic_never_matches(backend):
    chain = build_chain(gated({"type": "TopicNameMatches", "pattern": ".*"}), backend)
    assert chain.apply(Record(None, {"a": 1})).value == {"a": 1}


def test_has_header_key_whatever_the_value(backend):
    chain = build_chain(gated({"type": "HasHeaderKey", "name": "trace"}), backend)
    assert chain.apply(Record("t", {"a": 1}, headers=(("x", 1), ("trace", None)))).value == {"b": 1}
    assert chain.apply(Record("t", {"a": 1}, headers=(("Trace", 1),))).value == {"a": 1}
    assert chain.apply(Record("t", {"a": 1})).value == {"a": 1}


def test_record_is_tombstone_gates_a_filter(backend):
    chain = build_chain({"transforms": "drop", "transforms.drop.type": "org.apache.kafka.connect.transforms."
                         "ReplaceField$Key", "transforms.drop.renames": "k:key", "transforms.drop.predicate": "dead",
                         "predicates": "dead", "predicates.dead.type": "RecordIsTombstone"}, backend)
    assert chain.apply(Record("t", None, key={"k": 1})).key == {"key": 1}
    assert chain.apply(Record("t", {}, key={"k": 1})).key == {"k": 1}


def test_a_skipped_stage_does_not_see_a_record_it_cannot_handle(backend):
    chain = build_chain(gated({"type": "TopicNameMatches", "pattern": "maps"}), backend)
    assert chain.apply(Record("strings", "not a map")).value == "not a map"
    with pytest.raises(Exception, match="only maps are supported"):
        chain.apply(Record("maps", "not a map"))


@pytest.mark.parametrize("predicate, message", [
    ({"type": "TopicNameMatches"}, r"predicate 'p' \(TopicNameMatches\): missing required setting 'pattern'"),
    ({"type": "TopicNameMatches", "pattern": " "}, r"'pattern' must not be empty"),
    ({"type": "TopicNameMatches", "pattern": "("}, r"'pattern' is not a valid regex"),
    ({"type": "HasHeaderKey", "name": ""}, r"predicate 'p' \(HasHeaderKey\): 'name' must not be empty"),
])
def test_bad_predicate_settings_are_config_errors(backend, predicate, message):
    with pytest.raises(ConfigError, match=message) as caught:
        build_chain(gated(predicate), backend)
    assert caught.value.alias == "p"


def test_unknown_predicate_settings_warn():
    with pytest.warns(UserWarning, match=r"predicate 'p' \(RecordIsTombstone\): unknown setting 'pattern'"):
        parse_chain(gated({"type": "RecordIsTombstone", "pattern": "x"}))


def test_a_java_predicate_class_is_refused_by_name_only_where_used(backend):
    java = {"type": "com.acme.IsVip"}
    with pytest.raises(ConfigError, match=rf"com.acme.IsVip has no {backend} twin .* --backends jvm"):
        build_chain(gated(java), backend)
    unused = gated(java)
    del unused["transforms.rename.predicate"]
    assert build_chain(unused, backend).apply(Record("t", {"a": 1})).value == {"b": 1}


def test_every_kafka_predicate_has_a_twin_in_every_own_backend():
    from conftest import OWN_BACKENDS
    from transforms.predicates import KAFKA_PREDICATES

    for name in OWN_BACKENDS:
        twins = backends.REGISTRY[name].predicates
        assert not twins or set(twins) == set(KAFKA_PREDICATES), name


@needs_both_twins
@settings(max_examples=150, deadline=None)
@given(record_batches)
def test_twins_agree(records):
    for predicate in ({"type": "TopicNameMatches", "pattern": "orders.*"}, {"type": "HasHeaderKey", "name": "h"},
                      {"type": "RecordIsTombstone"}):
        for negate in (None, "true"):
            spec = parse_chain(gated(predicate, negate))
            assert_twins_agree(spec, records)


# --- Kafka as the judge ------------------------------------------------------------------------------------------

PATTERNS = ["orders-.*", "orders", ".*", "orders-(eu|us)", "[a-z]+", "t-\\d", "é.*", "a\\.b", "(", "", " ", "O.*"]


def _predicate_case(rng, kind: str) -> oracle.Case:
    if kind == "TopicNameMatches":
        settings = {"pattern": rng.choice(PATTERNS)} if rng.random() < 0.95 else {}
    elif kind == "HasHeaderKey":
        settings = {"name": rng.choice(["trace", "h", "id", "é", "", " ", "x"])} if rng.random() < 0.95 else {}
    else:
        settings = {}
    stage = dict(RENAME, type=rng.choice(["ReplaceField$Value", "ReplaceField$Key"]), predicate="p")
    if rng.random() < 0.5:
        stage["negate"] = rng.choice(["true", "false", "TRUE"])
    records = oracle.records(rng)
    records += [Record(rng.choice(oracle.TOPICS), None, key=oracle.payload(rng), partition=1, offset=2)]
    return oracle.Case([stage], records, [dict(alias="p", type=kind, **settings)])


@pytest.mark.parametrize("kind", ["TopicNameMatches", "HasHeaderKey", "RecordIsTombstone"])
def test_kafka_agrees(kind):
    oracle.assert_kafka_agrees(kind, oracle.generate(lambda rng: _predicate_case(rng, kind), 2000, seed=len(kind)))
