"""ReplaceField$Key / $Value: Kafka's ReplaceField.java, schemaless path (docs/semantics.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import oracle
from strategies import NAMES, csv_or_list, names, record_batches, variant
from transforms import ConfigError, ConfigWarning, DataError, Record
from transforms.configdef import to_list
from twins import assert_twins_agree, needs_both_twins

ORDER = {"order_id": 1, "customer_id": 7, "email": "a@b.c", "secret": "s"}


def rf(**settings):
    return {"alias": "rename", "type": "ReplaceField$Value", **settings}


def test_renames(make_chain):
    out = make_chain(rf(renames="order_id:orderId,customer_id:customerId")).apply(Record("t", ORDER))
    assert out.value == {"orderId": 1, "customerId": 7, "email": "a@b.c", "secret": "s"}


def test_exclude_wins_over_include(make_chain):
    out = make_chain(rf(include="order_id,secret", exclude="secret")).apply(Record("t", ORDER))
    assert out.value == {"order_id": 1}


def test_include_and_exclude_name_original_fields(make_chain):
    # Kafka's filter() runs on the original name, renamed() after it.
    chain = make_chain(rf(include="order_id,customerId", renames="order_id:orderId,customer_id:customerId"))
    assert chain.apply(Record("t", ORDER)).value == {"orderId": 1}
    chain = make_chain(rf(exclude="orderId", renames="order_id:orderId"))
    assert "orderId" in chain.apply(Record("t", ORDER)).value


def test_absent_fields_are_ignored(make_chain):
    out = make_chain(rf(renames="nope:x", include="order_id,nope")).apply(Record("t", ORDER))
    assert out.value == {"order_id": 1}


def test_null_value_passes_through(make_chain):
    record = Record("t", None, key={"k": 1})
    assert make_chain(rf(renames="k:K")).apply(record) == record


def test_key_variant_changes_only_the_key(make_chain):
    chain = make_chain({"type": "ReplaceField$Key", "renames": "id:ID"})
    out = chain.apply(Record("t", {"id": 1}, key={"id": 2}))
    assert out.key == {"ID": 2} and out.value == {"id": 1}


def test_later_rename_to_the_same_target_wins(make_chain):
    out = make_chain(rf(renames="a:x,b:x")).apply(Record("t", {"a": 1, "b": 2}))
    assert out.value == {"x": 2}
    out = make_chain(rf(renames="a:x,a:y")).apply(Record("t", {"a": 1}))  # the same old name twice
    assert out.value == {"y": 1}


def test_non_map_value_is_a_data_error(make_chain):
    with pytest.raises(DataError, match=r"^transform 'rename' \(ReplaceField\$Value\): only maps are supported "
                                        r"without a schema for \[field replacement\], found str"):
        make_chain(rf(renames="a:b")).apply(Record("t", "not a map"))


def test_malformed_renames_entry_is_a_config_error(make_chain):
    with pytest.raises(ConfigError) as caught:
        make_chain(rf(renames="a:b:c"))
    assert str(caught.value) == ("transform 'rename' (ReplaceField$Value): renames entry 'a:b:c' must be old:new "
                                 "(e.g. order_id:orderId)")
    assert (caught.value.alias, caught.value.key) == ("rename", "renames")


@pytest.mark.parametrize("entry, ok", [("a:b:", True), ("a:b::", True), (":b", True), ("a:", False),
                                       (":", False), ("ab", False), ("", False)])
def test_renames_split_like_java(make_chain, entry, ok):
    # ReplaceField.parseRenameMappings uses String.split(":"), which drops trailing empty strings.
    config = rf(renames=[entry])
    if ok:
        make_chain(config)
    else:
        with pytest.raises(ConfigError, match="must be old:new"):
            make_chain(config)


@pytest.mark.parametrize("key", ["include", "exclude"])
@pytest.mark.parametrize("text", ["a,", "c,,a", ",a", "a, ,b"])
def test_an_empty_include_or_exclude_entry_is_a_config_error(make_chain, key, text):
    # Kafka 4.3's ConfigDef.ValidList: "Configuration 'include' values must not be empty."
    with pytest.raises(ConfigError, match=rf"'{key}' has an empty entry .*which Kafka refuses") as caught:
        make_chain(rf(**{key: text}))
    assert caught.value.key == key


def test_duplicate_entries_count_once(make_chain):
    # ConfigDef drops duplicates from a ValidList setting (with a warning in Connect's log).
    out = make_chain(rf(include="email, order_id, email", exclude="secret,secret")).apply(Record("t", ORDER))
    assert out.value == {"order_id": 1, "email": "a@b.c"}


def test_replace_null_with_default_must_be_a_boolean(make_chain):
    make_chain(rf(**{"replace.null.with.default": "FALSE"}))  # Structs only: no effect here
    with pytest.raises(ConfigError, match="'replace.null.with.default' must be true or false"):
        make_chain(rf(**{"replace.null.with.default": "no"}))


def test_connect_strings_and_yaml_values_mean_the_same(make_chain):
    record = Record("t", ORDER)
    as_strings = make_chain(rf(renames=" order_id : orderId , email:mail ", exclude="secret, customer_id"))
    as_yaml = make_chain(rf(renames={"order_id": "orderId", "email": "mail"}, exclude=["secret", "customer_id"]))
    # ConfigDef splits LIST on \s*,\s* but keeps spaces around ':' inside an entry
    assert as_strings.apply(record).value == {"order_id": 1, "mail": "a@b.c"}
    assert as_yaml.apply(record).value == {"orderId": 1, "mail": "a@b.c"}


@pytest.mark.parametrize("removed, instead", [("blacklist", "exclude"), ("whitelist", "include")])
def test_removed_keys_warn_and_do_nothing(make_chain, removed, instead):
    # Kafka 4.0 dropped blacklist/whitelist; it ignores them silently, so a pasted 3.x config stops filtering.
    with pytest.warns(ConfigWarning, match=f"{removed!r} was removed in Kafka 4.0.*use {instead!r}"):
        chain = make_chain(rf(**{removed: "secret"}))
    assert chain.apply(Record("t", ORDER)).value == ORDER


def test_input_is_not_mutated(make_chain):
    value = {"a": {"nested": [1]}, "b": 2}
    record = Record("t", value)
    make_chain(rf(renames="a:x", exclude="b")).apply(record)
    assert value == {"a": {"nested": [1]}, "b": 2}


replace_field_configs = st.builds(
    lambda side, renames, include, exclude, as_map: {
        "type": "ReplaceField" + side,
        "renames": dict(renames) if as_map else ",".join(f"{a}:{b}" for a, b in renames),
        "include": include,
        "exclude": exclude,
    },
    variant,
    st.lists(st.tuples(st.sampled_from(NAMES), names), max_size=3),
    st.lists(st.sampled_from(NAMES), max_size=3).flatmap(csv_or_list),
    st.lists(st.sampled_from(NAMES), max_size=2).flatmap(csv_or_list),
    st.booleans(),
)


@needs_both_twins
@settings(max_examples=2000, deadline=None)
@given(config=replace_field_configs, records=record_batches)
def test_twins_agree(config, records):
    assert_twins_agree([config], records)


def _renamed(config: dict):
    """Kafka's view of a valid config: (renames, include, exclude), or None when Kafka refuses it."""
    renames = {}
    for entry in to_list(config.get("renames", "")):
        parts = entry.split(":")
        while parts and parts[-1] == "":
            parts.pop()
        if len(parts) != 2:
            return None
        renames[parts[0]] = parts[1]
    lists = [to_list(config.get(key, "")) for key in ("include", "exclude")]
    if any("" in items for items in lists):
        return None
    return renames, set(lists[0]), set(lists[1])


def collides(config: dict, records) -> bool:
    """Two kept fields of one record end up under one name: Kafka's survivor is HashMap order."""
    parsed = _renamed(config)
    if parsed is None:
        return False
    renames, include, exclude = parsed
    for record in records:
        data = record.key if config["type"].endswith("$Key") else record.value
        if isinstance(data, dict):
            kept = [renames.get(name, name) for name in data
                    if name not in exclude and (not include or name in include)]
            if len(kept) != len(set(kept)):
                return True
    return False


def rename_entry(rng) -> str:
    old, new = rng.choice(oracle.NAMES), rng.choice(oracle.NAMES)
    if rng.random() < 0.8:
        return f"{old}:{new}"
    return rng.choice([f"{old}::{new}", f"{old}{new}", f"{old}:{new}:", f"{old}:{new}:x", f" {old} : {new} "])


def make_case(rng):
    config = {"type": "ReplaceField" + rng.choice(["$Key", "$Value"])}
    joiners = [",", ",", ", ", " , ", ",", ",", ",,"]
    if rng.random() < 0.7:
        entries = [rename_entry(rng) for _ in range(rng.randint(0, 3))]
        config["renames"] = rng.choice(joiners).join(entries) + rng.choice(["", "", "", "", "", "", ","])
    for key in ("include", "exclude"):
        if rng.random() < 0.4:
            names = [rng.choice(oracle.NAMES) for _ in range(rng.randint(0, 3))]
            config[key] = rng.choice(joiners).join(names) + rng.choice(["", "", "", "", "", "", ","])
    if rng.random() < 0.05:
        config["replace.null.with.default"] = rng.choice(["false", "nope"])
    records = oracle.records(rng, rng.randint(1, 4))
    return oracle.Case([config], records, unordered=collides(config, records))


def test_kafka_agrees():
    oracle.assert_kafka_agrees("ReplaceField", oracle.generate(make_case, 3000, seed=20267))
