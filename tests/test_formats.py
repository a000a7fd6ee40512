"""Converters and the output-schema inference (bench/input/formats.py), and the Avro generator
(bench/input/avrogen.py)."""

import datetime as dt
import decimal
import json
from pathlib import Path

import fastavro
import pytest

from bench.errors import BenchError
from bench.input.avrogen import Generator
from bench.input import formats
from bench.input.formats import Avro, ConfluentAvro, Json, infer_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

EVERY_TYPE = {
    "type": "record", "name": "Everything", "fields": [
        {"name": "order_id", "type": "long"},
        {"name": "email", "type": "string"},
        {"name": "country", "type": "string"},
        {"name": "flag", "type": "boolean"},
        {"name": "n", "type": "int"},
        {"name": "f", "type": "float"},
        {"name": "blob", "type": "bytes"},
        {"name": "hash", "type": {"type": "fixed", "name": "Hash", "size": 4}},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["A", "B"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}},
        {"name": "attrs", "type": {"type": "map", "values": "long"}},
        {"name": "maybe", "type": ["null", "string"], "default": None},
        {"name": "address", "type": {"type": "record", "name": "Address", "fields": [
            {"name": "city", "type": "string"}, {"name": "zip", "type": ["null", "int"]}]}},
        {"name": "again", "type": "Address"},
        {"name": "created", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
        {"name": "uid", "type": {"type": "string", "logicalType": "uuid"}},
    ],
}


def generate(count=50, seed=7):
    return Generator(fastavro.parse_schema(EVERY_TYPE), seed).records(count)


def test_generator_covers_every_type_and_is_reproducible():
    records = generate()
    assert records == generate()
    assert records != generate(seed=8)
    for record in records:
        assert fastavro.validate(record, fastavro.parse_schema(EVERY_TYPE), raise_errors=True)
    assert all("@" in r["email"] and len(r["country"]) == 2 for r in records)
    assert isinstance(records[0]["created"], dt.datetime) and isinstance(records[0]["price"], decimal.Decimal)
    assert {type(r["maybe"]) for r in records} <= {type(None), str}


@pytest.mark.parametrize("converter", [Avro(EVERY_TYPE), ConfluentAvro(EVERY_TYPE, schema_id=7)])
def test_avro_round_trip(converter):
    for record in generate(10):
        assert converter.decode(converter.encode_input(record)) == record


def test_confluent_framing():
    converter = ConfluentAvro(EVERY_TYPE, schema_id=258)
    data = converter.encode_input(generate(1)[0])
    assert data[:5] == b"\x00\x00\x00\x01\x02"
    with pytest.raises(ValueError, match="magic byte"):
        converter.decode(b"\x01" + data[1:])


def test_json_writes_what_a_producer_would():
    value = {"amount": decimal.Decimal("12.50"), "blob": b"\x00\x01", "at": dt.date(2025, 1, 2), "n": None}
    assert Json().decode(Json().encode(value)) == {"amount": 12.5, "blob": "AAE=", "at": "2025-01-02", "n": None}


def test_inferred_schema_fits_the_chains_output():
    values = [{"orderId": 1, "email": "a", "nested": {"x": 1.5}, "tags": ["a"]},
              {"orderId": 2, "nested": {"x": None}, "tags": [], "extra": True}]
    schema = infer_schema(values, "Out")
    writer = Avro(schema)
    for value in values:
        full = {"email": None, "extra": None, **value}
        assert writer.decode(writer.encode(value)) == full
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["email"]["type"] == ["null", "string"] and fields["email"]["default"] is None
    assert fields["orderId"]["type"] == "long"


def test_inferred_schema_from_generated_records_round_trips():
    # (maps become records, so a key some maps lack would come back as null: leave the map field out)
    records = [{k: v for k, v in r.items() if k != "attrs"} for r in generate(30)]
    writer = Avro(infer_schema(records))
    for record in records:
        assert writer.decode(writer.encode(record)) == record


def test_field_names_avro_cannot_hold():
    with pytest.raises(BenchError, match="field named 'x.y', which Avro cannot name"):
        infer_schema([{"x.y": 1}])


def test_json_with_schemas_writes_connects_envelope_and_reads_the_payload():
    schema = json.loads((EXAMPLES / "order.avsc").read_text())
    converter = formats.converter("json-schemas", schema)
    value = {"order_id": 7, "customer_id": 1, "email": "a@b", "country": "DE", "amount": 1.5, "currency": "EUR",
             "status": "NEW", "created_at": 1, "items": 2, "sku": "x", "channel": "web", "coupon": None}
    message = json.loads(converter.encode_input(value))
    assert message["payload"] == value and converter.decode(converter.encode_input(value)) == value
    fields = {f["field"]: f for f in message["schema"]["fields"]}
    assert message["schema"]["type"] == "struct" and message["schema"]["name"] == "Order"
    assert (fields["order_id"]["type"], fields["items"]["type"], fields["amount"]["type"]) == ("int64", "int32",
                                                                                             "double")
    assert fields["coupon"] == {"type": "string", "optional": True, "field": "coupon"}
    assert fields["status"]["type"] == "string"  # an enum is a string to Connect
    with pytest.raises(ValueError, match='a JsonConverter message is {"schema": ..., "payload": ...}'):
        converter.decode(b'{"order_id": 7}')


@pytest.mark.parametrize("avro, connect", [
    ({"type": "array", "items": "long"}, {"type": "array", "items": {"type": "int64", "optional": False},
                                          "optional": False}),
    ({"type": "map", "values": ["null", "double"]},
     {"type": "map", "keys": {"type": "string", "optional": False}, "values": {"type": "double", "optional": True},
      "optional": False}),
    ({"type": "long", "logicalType": "timestamp-millis"}, {"type": "int64", "optional": False}),
])
def test_connect_schema_of_avro(avro, connect):
    assert formats.connect_schema(avro) == connect
    with pytest.raises(ValueError, match="a union of 2 types has no Connect schema"):
        formats.connect_schema(["null", "long", "string"])
