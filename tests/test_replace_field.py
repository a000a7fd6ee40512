"""ReplaceField$Key / $Value: Kafka's ReplaceField.java, schemaless path (docs/semantics.md)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import NAMES, csv_or_list, names, record_batches, variant
from transforms import ConfigError, ConfigWarning, DataError, Record
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
