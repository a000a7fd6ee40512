"""The converter stage: record values to wire bytes and back, as Connect's converters do.

``json``: JsonConverter with ``schemas.enable=false`` (orjson). ``avro``: Avro binary without framing (fastavro
schemaless). ``confluent-avro``: Confluent's wire format, magic byte 0 + 4-byte schema id + Avro binary.
``none``: no converter stage; records are measured as Python objects.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import io
import math
import re
import struct
import uuid

import fastavro
import orjson

from transforms.java_types import Float32

try:  # Float.toString, compiled (50x the pure-Python reference's speed), unless this is a pure-Python install
    from transforms.java_number_c import float_to_string_py as float_to_string
except ImportError:
    from transforms.java_float_string import float_to_string

from ..errors import BenchError


def _json_default(value):
    # What a producer writing JSON would send: amounts as numbers, bytes as base64 (as JsonConverter does).
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, Float32):  # a Cast's float32: JsonConverter writes a Float's own digits (Float.toString)
        return orjson.Fragment(float_to_string(value)) if math.isfinite(value) else float(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class Json:
    name = "json"

    def encode(self, value) -> bytes:
        return orjson.dumps(value, default=_json_default)

    def decode(self, data: bytes):
        return orjson.loads(data)

    encode_input = encode  # JSON has no schema: the chain's output is written the same way as its input


class String:
    """StringConverter: UTF-8 text. Another value is written as its text, as Connect writes ``toString()`` (Java's
    text of a map or a list is not Python's: those bytes differ, what it costs does not)."""

    name = "string"

    def encode(self, value) -> bytes:
        return (value if type(value) is str else str(value)).encode("utf-8")

    encode_input = encode

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8")


class Bytes:
    """ByteArrayConverter: the bytes as they are; it writes bytes only, as Connect's does."""

    name = "bytes"

    def encode(self, value) -> bytes:
        if not isinstance(value, (bytes, bytearray)):
            raise ValueError(f"ByteArrayConverter writes bytes only, and the record holds {type(value).__name__}")
        return bytes(value)

    encode_input = encode

    def decode(self, data: bytes) -> bytes:
        return data


class JsonWithSchemas(Json):
    """JsonConverter with ``schemas.enable=true`` (its default): every message is ``{"schema": ..., "payload":
    ...}``. The schema is Connect's JSON form of the records' Avro schema (given, or inferred from the records),
    written once per message as JsonConverter writes it, from a form made once (JsonConverter caches it too).
    The twins get the payload, the schemaless path; Kafka's JsonConverter hands its transforms a Struct, the
    transforms' schema path (the jvm backend)."""

    name = "json-schemas"

    def __init__(self, input_schema, output_schema=None):
        self.input_schema = orjson.Fragment(orjson.dumps(connect_schema(input_schema)))
        self.output_schema = orjson.Fragment(orjson.dumps(connect_schema(output_schema or input_schema)))

    def encode(self, value) -> bytes:
        return orjson.dumps({"schema": self.output_schema, "payload": value}, default=_json_default)

    def encode_input(self, value) -> bytes:
        return orjson.dumps({"schema": self.input_schema, "payload": value}, default=_json_default)

    def decode(self, data: bytes):
        message = orjson.loads(data)
        if not isinstance(message, dict) or message.keys() != {"schema", "payload"}:
            raise ValueError('with schemas.enable=true a JsonConverter message is {"schema": ..., "payload": ...}')
        return message["payload"]


_CONNECT_TYPES = {"boolean": "boolean", "int": "int32", "long": "int64", "float": "float", "double": "double",
                  "bytes": "bytes", "string": "string", "enum": "string", "fixed": "bytes"}


def connect_schema(avro, optional: bool = False) -> dict:
    """Connect's JSON form of a schema (what JsonConverter writes under ``"schema"``), from an Avro schema: a
    record is a struct, a union with null an optional type, an array an array, a map a map of strings to it."""
    if isinstance(avro, list):
        types = [item for item in avro if item != "null"]
        if len(types) != 1:
            raise ValueError(f"a union of {len(types)} types has no Connect schema")
        return connect_schema(types[0], optional or "null" in avro)
    kind = avro if isinstance(avro, str) else avro["type"]
    if isinstance(kind, (list, dict)):  # {"type": {...}} nests a schema
        return connect_schema(kind, optional)
    base = {"optional": optional}
    if kind == "record":
        return {"type": "struct", "fields": [dict(connect_schema(f["type"]), field=f["name"]) for f in avro["fields"]],
                **base, "name": avro["name"]}
    if kind == "array":
        return {"type": "array", "items": connect_schema(avro["items"]), **base}
    if kind == "map":
        return {"type": "map", "keys": {"type": "string", "optional": False}, "values": connect_schema(avro["values"]),
                **base}
    if kind == "null":
        return {"type": "string", "optional": True}
    if kind not in _CONNECT_TYPES:
        raise ValueError(f"Avro type {kind!r} has no Connect schema here")
    return {"type": _CONNECT_TYPES[kind], **base}


class Avro:
    """Schemaless Avro with a reader (input) schema and a writer (output) schema; they differ when the chain
    reshapes records."""

    name = "avro"

    def __init__(self, input_schema, output_schema=None):
        self.input_schema = fastavro.parse_schema(input_schema)
        self.output_schema = fastavro.parse_schema(output_schema if output_schema is not None else input_schema)

    def encode(self, value) -> bytes:
        out = io.BytesIO()
        fastavro.schemaless_writer(out, self.output_schema, value)
        return out.getvalue()

    def encode_input(self, value) -> bytes:
        out = io.BytesIO()
        fastavro.schemaless_writer(out, self.input_schema, value)
        return out.getvalue()

    def decode(self, data: bytes):
        return fastavro.schemaless_reader(io.BytesIO(data), self.input_schema)


class ConfluentAvro(Avro):
    name = "confluent-avro"

    def __init__(self, input_schema, output_schema=None, schema_id: int = 1):
        super().__init__(input_schema, output_schema)
        self.header = b"\x00" + struct.pack(">I", schema_id)

    def encode(self, value) -> bytes:
        return self.header + super().encode(value)

    def encode_input(self, value) -> bytes:
        return self.header + super().encode_input(value)

    def decode(self, data: bytes):
        if data[:1] != b"\x00":
            raise ValueError("not Confluent wire format: the first byte is not the magic byte 0")
        return fastavro.schemaless_reader(io.BytesIO(data[5:]), self.input_schema)


def converter(fmt: str, input_schema=None, output_schema=None, schema_id: int = 1):
    """The converter of a chain file's ``messages.format``; None for ``none`` (no converter stage)."""
    if fmt == "json":
        return Json()
    if fmt == "json-schemas":
        return JsonWithSchemas(input_schema, output_schema)
    if fmt == "string":
        return String()
    if fmt == "bytes":
        return Bytes()
    if fmt == "avro":
        return Avro(input_schema, output_schema)
    if fmt == "confluent-avro":
        return ConfluentAvro(input_schema, output_schema, schema_id)
    return None


_AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# -- an Avro schema for what the chain outputs --------------------------------------------------------------------
_PRIMITIVES = [
    (type(None), "null"), (bool, "boolean"), (int, "long"), (float, "double"), (str, "string"), (bytes, "bytes"),
    (dt.datetime, {"type": "long", "logicalType": "timestamp-micros"}),
    (dt.date, {"type": "int", "logicalType": "date"}),
    (dt.time, {"type": "long", "logicalType": "time-micros"}),
    (uuid.UUID, {"type": "string", "logicalType": "uuid"}),
]


def infer_schema(values: list, name: str = "Output"):
    """An Avro schema every value fits: maps become records (a field missing somewhere is nullable, default
    null), mixed types become unions. AvroConverter derives the output schema from the transformed record;
    without a schema we derive it from the transformed values."""
    return _Shape(name).add_all(values).schema()


class _Shape:
    def __init__(self, name: str):
        self.name = name
        self.kinds: dict = {}  # avro type name -> detail (_Fields, _Shape of items, decimal scale, or the type)

    def add_all(self, values) -> _Shape:
        for value in values:
            self.add(value)
        return self

    def add(self, value) -> None:
        if isinstance(value, dict):
            self.kinds.setdefault("record", _Fields(self.name)).add(value)
        elif isinstance(value, list):
            items = self.kinds.setdefault("array", _Shape(self.name + "Item"))
            items.add_all(value)
        elif isinstance(value, decimal.Decimal):
            exponent = value.as_tuple().exponent
            scale = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            self.kinds["decimal"] = max(self.kinds.get("decimal", 0), scale)
        else:
            for kind, avro in _PRIMITIVES:
                if type(value) is kind:
                    self.kinds[avro if isinstance(avro, str) else avro["logicalType"]] = avro
                    return
            raise BenchError(f"cannot write a {type(value).__name__} to Avro")

    def schema(self):
        branches = []
        for kind, detail in self.kinds.items():
            if kind == "record":
                branches.append(detail.schema())
            elif kind == "array":
                items = detail.schema()
                branches.append({"type": "array", "items": items if items != [] else "null"})
            elif kind == "decimal":
                branches.append({"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": detail})
            else:
                branches.append(detail)
        branches.sort(key=lambda b: b != "null")  # null first, so that a null default is valid
        if not branches:
            return "null"
        return branches[0] if len(branches) == 1 else branches


class _Fields:
    def __init__(self, name: str):
        self.name = name
        self.shapes: dict = {}
        self.seen = 0

    def add(self, value: dict) -> None:
        self.seen += 1
        for key, item in value.items():
            shape = self.shapes.get(key)
            if shape is None:
                shape = self.shapes[key] = _Shape(f"{self.name}_{_safe(key)}")
                if self.seen > 1:
                    shape.kinds["null"] = "null"  # absent from earlier records
            shape.add(item)
        for key, shape in self.shapes.items():
            if key not in value:
                shape.kinds["null"] = "null"

    def schema(self):
        fields = []
        for key, shape in self.shapes.items():
            if not _AVRO_NAME.fullmatch(str(key)):
                raise BenchError(f"the chain outputs a field named {key!r}, which Avro cannot name "
                                 "([A-Za-z_][A-Za-z0-9_]*); use format: json, or rename it in the chain")
            field = {"name": key, "type": shape.schema()}
            if "null" in shape.kinds:
                field["default"] = None
            fields.append(field)
        return {"type": "record", "name": _safe(self.name), "fields": fields}


def _safe(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c == "_" else "_" for c in str(name))
    return cleaned if cleaned and not cleaned[0].isdigit() else f"_{cleaned}"
