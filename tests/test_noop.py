"""No silent no-op (bench/measure/outcomes.py, noop.py): what each stage did with its records, counted in the
master's one check pass (or by Kafka's harness when only the jvm runs the chain), and the warnings it gives: a
stage that changed no record, a field its settings name that no record has, a RegexRouter that matched no topic."""

import json
import re
from pathlib import Path

import pytest

from bench.input import chainfile
from bench.measure.outcomes import same, unchanged
from bench.measure.prepare import prepare
from bench.results.results import TransformCounts
from conftest import backend_or_skip
from test_cli import chain_file, run_cli
from transforms import Record
from transforms.java_types import Int32

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "orders.yaml"


def test_unchanged_is_the_same_record_or_an_equal_one_with_the_types_kept_apart():
    record = Record("t", {"a": 1, "b": [1.5, "x"], "c": {"d": None}}, None, 0, 7, 100, (("h", b"v"),))
    assert unchanged(record, record)
    assert unchanged(record, Record("t", {"c": {"d": None}, "b": [1.5, "x"], "a": 1}, None, 0, 7, 100,
                                    (("h", b"v"),)))  # a copy, as Kafka's MaskField returns
    for changed in (record.with_value({**record.value, "a": 1.0}), record.with_value({**record.value, "a": True}),
                    record.with_value({**record.value, "a": Int32(1)}), record.with_topic("u"),
                    record.with_headers(()), record.with_value({**record.value, "e": None})):
        assert not unchanged(record, changed)
    assert same(float("nan"), float("nan")) and not same(0, False) and same((1, "a"), (1, "a"))


def test_summaries_written_before_the_counts_read_back():
    old = {"alias": "a", "type": "Filter", "records_in": 10, "records_out": 4, "dropped": 6, "skipped": 0}
    counts = TransformCounts.from_json(old)
    assert counts.changed is None and counts.to_json() == old
    new = TransformCounts("a", "Cast$Value", 10, 7, skipped=3, changed=5, unchanged=2)
    assert new.to_json() == {"alias": "a", "type": "Cast$Value", "records_in": 10, "records_out": 7, "changed": 5,
                             "unchanged": 2, "dropped": 0, "skipped": 3}
    assert TransformCounts.from_json(new.to_json()) == new


def test_the_warnings_in_the_console_summary_and_report(tmp_path):
    path = chain_file(tmp_path, "- {alias: mask, type: MaskField$Value, fields: emial}\n"
                                "- {alias: flat, type: Flatten$Value}\n"
                                '- {alias: route, type: RegexRouter, regex: "orders-(.*)", replacement: "clean-$1"}\n',
                      messages="schema: order.avsc\n  count: 200\n  topic: payments", extra="backends: [python]\n")
    done = run_cli(path, "--quick", "--out", tmp_path / "run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    expected = [
        f"{path}:7: warning: transform 'mask' (MaskField$Value): its fields setting names field 'emial', but no "
        "record has it in its value. Did you mean 'email'? The values of the 200 records that reach it have email, "
        "amount, channel, country, coupon, created_at, currency, customer_id and 4 more; check the name, and that no "
        "stage before it renames or drops the field",
        f"{path}:8: warning: transform 'flat' (Flatten$Value) changed none of the 200 records: it passed every one "
        "through unchanged, so its figures measure a no-op; check its settings against the records (a misspelt "
        "field, a pattern that matches nothing), or leave it out",
        f"{path}:9: warning: transform 'route' (RegexRouter): regex 'orders-(.*)' matched none of the topics: "
        "payments; it must match a whole topic name, so it routed no record: check the regex against the topics, or "
        "leave the stage out"]
    for warning in expected:
        assert warning in done.stderr.splitlines()
    summary = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert summary["warnings"][:3] == expected  # then, on a busy machine, processes that disagree (spread.py)
    report = (tmp_path / "run" / "report.md").read_text()
    warned = report[report.index("## Warnings"):]
    assert all(warned.count(f"- {warning}\n") == 1 for warning in expected)
    assert [(t["alias"], t["changed"], t["unchanged"]) for t in summary["transforms"]] == [
        ("mask", 200, 0),  # Kafka's MaskField puts the field it did not find, as null: every record changes
        ("flat", 0, 200), ("route", 0, 200)]


def test_the_counts_of_a_filter_a_failing_cast_and_an_unchanged_stage(tmp_path):
    path = chain_file(tmp_path, '- {alias: cast, type: Cast$Value, spec: "coupon:int32,order_id:int32"}\n'
                                "- {alias: same, type: Filter, predicate: never}\n"
                                "- {alias: drop, type: Filter, predicate: every}\n",
                      extra="predicates:\n  - {alias: never, type: TopicNameMatches, pattern: nope}\n"
                            "  - {alias: every, type: TopicNameMatches, pattern: '.*'}\n"
                            "errors.tolerance: all\nbackends: [python]\n")
    done = run_cli(path, "--quick", "--json", "--out", tmp_path / "run", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cast, kept, drop = json.loads(done.stdout)["transforms"]
    # a word in coupon fails; a null one stays null, and order_id, an int64, becomes an int32: changed
    assert cast["records_in"] == 300 and 0 < cast["skipped"] < 300 and cast["unchanged"] == cast["dropped"] == 0
    assert cast["changed"] == cast["records_out"] == 300 - cast["skipped"]
    assert kept == {"alias": "same", "type": "Filter", "records_in": cast["changed"], "records_out": cast["changed"],
                    "changed": 0, "unchanged": cast["changed"], "dropped": 0, "skipped": 0}
    assert drop == {"alias": "drop", "type": "Filter", "records_in": cast["changed"], "records_out": 0,
                    "changed": 0, "unchanged": 0, "dropped": cast["changed"], "skipped": 0}
    assert f"warning: transform 'same' (Filter) changed none of the {cast['changed']} records" in done.stderr
    assert "its predicate 'never'" in done.stderr and "'drop'" not in done.stderr  # dropping is doing something


@pytest.mark.parametrize("transform, warning", [
    ('{alias: r, type: ReplaceField$Value, renames: "emial:mail"}', r"its renames setting names field 'emial'.*"
                                                                   r"Did you mean 'email'\?"),
    ('{alias: r, type: ReplaceField$Value, include: "order_id,amout"}', r"its include setting names field 'amout'"),
    ("{alias: r, type: ReplaceField$Value, exclude: skux}", r"its exclude setting names field 'skux'.*'sku'"),
    ('{alias: c, type: Cast$Value, spec: "amont:int32"}', r"its spec setting names field 'amont'"),
    ("{alias: e, type: ExtractField$Value, field: ordr_id}", r"its field setting names field 'ordr_id'"),
    ("{alias: e, type: ExtractField$Value, field: 'x.order_id', field.syntax.version: V2}",
     r"its field setting names field 'x'"),  # a V2 path: its first step
    ("{alias: v, type: ValueToKey, fields: 'order_id,custmer_id'}", r"field 'custmer_id'.*'customer_id'"),
    ("{alias: h, type: HeaderFrom$Value, fields: cuntry, headers: c, operation: copy}", r"field 'cuntry'"),
    ("{alias: t, type: TimestampConverter$Value, field: created, target.type: Timestamp}",
     r"field 'created'.*Did you mean 'created_at'\?"),
    ("{alias: m, type: RegexReplace$Value, field: mail, pattern: a, replacement: b}", r"field 'mail'"),
    ("{alias: l, type: Lookup$Value, field: land, table: countries.csv}", r"field 'land'"),
    ('{alias: k, type: Cast$Key, spec: "order_id:int32"}', r"its spec setting names field 'order_id', but none of "
                                                          r"the 50 records that reach it has a map as its key \(all "
                                                          r"null\).*check the \$Key/\$Value variant"),
])
def test_a_field_no_record_has_is_named_for_each_family_that_names_fields(tmp_path, transform, warning):
    path = chain_file(tmp_path, f"- {transform}\n", messages="schema: order.avsc\n  count: 50")
    found = [w for w in prepare(chainfile.load(path), ["python"], records=50).warnings if "setting names" in w]
    assert len(found) == 1 and re.search(f":6: warning: transform '.' .*{warning}", found[0]), found


def test_a_field_an_earlier_stage_makes_is_found_and_one_it_renames_is_not(tmp_path):
    path = chain_file(tmp_path, '- {alias: rename, type: ReplaceField$Value, renames: "email:mail"}\n'
                                "- {alias: keep, type: MaskField$Value, fields: mail}\n"
                                "- {alias: gone, type: MaskField$Value, fields: email}\n"
                                "- {alias: key, type: ValueToKey, fields: order_id}\n"
                                "- {alias: id, type: ExtractField$Key, field: order_id}\n",
                      messages="schema: order.avsc\n  count: 50")
    warnings = prepare(chainfile.load(path), ["python"], records=50).warnings
    assert len(warnings) == 1 and "transform 'gone'" in warnings[0] and "Did you mean 'mail'?" in warnings[0]


def test_the_example_chain_gives_no_warning():
    workload = prepare(chainfile.load(EXAMPLE), ["python"], records=10_000)
    assert workload.warnings == []
    assert all(outcome == {"changed": 10_000, "unchanged": 0} for outcome in workload.outcomes)


def test_kafkas_harness_counts_what_each_stage_did_when_only_the_jvm_runs_the_chain(tmp_path):
    backend_or_skip("jvm")
    stages = ('- {alias: cast, type: Cast$Value, spec: "coupon:int32,order_id:int32"}\n'
              "- {alias: mask, type: MaskField$Value, fields: emial}\n"
              '- {alias: route, type: RegexRouter, regex: "orders-(.*)", replacement: "x"}\n'
              "- {alias: drop, type: Filter, predicate: every}\n")
    extra = "predicates:\n  - {alias: every, type: TopicNameMatches, pattern: '.*'}\nerrors.tolerance: all\n"
    twins = prepare(chainfile.load(chain_file(tmp_path, stages, extra=extra)), ["python"], records=300)
    # Debezium's SMT, which no twin runs, passes a record that is not a change event through as it is
    unwrap = "- {alias: unwrap, type: io.debezium.transforms.ExtractNewRecordState}\n"
    kafka = prepare(chainfile.load(chain_file(tmp_path, unwrap + stages, extra=extra)), None, records=300)
    assert kafka.backends == [] and kafka.kafka_backends == ["jvm"]
    assert kafka.outcomes == [{"changed": 0, "unchanged": 300}] + twins.outcomes
    assert kafka.record_counts == [300] + twins.record_counts and kafka.skipped == [0] + twins.skipped
    assert twins.outcomes[0]["changed"] == 300 - twins.skipped[0] and twins.outcomes[1]["changed"] > 0
    assert [re.sub(r"^\S+ ", "", w) for w in kafka.warnings[1:]] == [re.sub(r"^\S+ ", "", w) for w in twins.warnings]
    assert "transform 'unwrap' (io.debezium.transforms.ExtractNewRecordState) changed none" in kafka.warnings[0]
    assert [w.split(": ")[2] for w in twins.warnings] == ["transform 'mask' (MaskField$Value)",
                                                          "transform 'route' (RegexRouter)"]


def test_the_console_says_why_transforms_timed_alone_add_up_to_more_than_the_chain():
    from dataclasses import replace

    from bench.output import console
    from test_results import results

    found = results(("python",))
    assert console.alone_note(found) == []  # 'a' alone is about 92% of the chain: nothing to explain
    found.stages = [replace(s, share_of_chain=1.77) if s.share_of_chain else s for s in found.stages]
    note = console.alone_note(found)[0]
    assert note.startswith("alone ÷ chain: each transform timed by itself on the records it handles, over the chain "
                           "on all records; not a part of the chain: on python, 'a' alone takes 177% of the chain's "
                           "time. Alone, a stage fetches records")
    assert note in console.run(found)
