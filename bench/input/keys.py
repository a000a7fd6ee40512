"""A record's key and headers on the wire: the key converter, and the header converter.

The key converter is a connector's ``key.converter`` when it names one (``messages.key_format``: any of the value
formats), else the value's kind: JsonConverter without schemas for ``json``, with them for ``json-schemas``, Avro
for ``avro`` and ``confluent-avro`` (the key schema, else the schema inferred from the keys; out of the chain, from
its output keys), no converter for ``none``. Keys that are text (a kcat sample whose keys are not all JSON) go
through ``formats.String``, what Connect's StringConverter does. Headers are UTF-8 text on the wire; a chain gets
them as Connect's default ``header.converter``, SimpleHeaderConverter, types them (``Values.parseString``), or as
text with ``header_format: string`` (StringConverter). A null header value stays null.
"""

from __future__ import annotations

from transforms.connect_values import parse_string

from . import formats


def key_converter(fmt: str, key_format: str | None, input_schema=None, output_schema=None, schema_id: int = 1):
    """The key converter of a run; None for format ``none``. ``key_format`` is the key converter's own kind when
    it has one (a connector's key.converter; ``string`` for StringConverter, as for text keys), else the value's.
    The key schema of a Confluent frame takes the id after the value schema's."""
    if fmt == "none":
        return None
    fmt = key_format or fmt
    if fmt in ("avro", "confluent-avro", "json-schemas"):
        given = input_schema if input_schema is not None else "null"  # no keys in: the chain's output keys
        return formats.converter(fmt, given, output_schema if output_schema is not None else given, schema_id + 1)
    return formats.converter(fmt, input_schema, output_schema, schema_id)


def encode_headers(headers) -> tuple:
    """Header values to bytes (None stays None), as StringConverter writes them."""
    return tuple([(name, None if value is None else (value if type(value) is str else str(value)).encode("utf-8"))
                  for name, value in headers])


def decode_headers(headers) -> tuple:
    """Header bytes to text (None stays None), as StringConverter reads them."""
    return tuple([(name, None if value is None else value.decode("utf-8")) for name, value in headers])


def decode_typed_headers(headers) -> tuple:
    """Header bytes to typed values, as SimpleHeaderConverter (Connect's default) reads them: the text through
    ``Values.parseString`` ("42" is an Int8, "true" a boolean, "[1, 2]" a list; null stays null)."""
    return tuple([(name, None if value is None else parse_string(value.decode("utf-8"))) for name, value in headers])


#: header.converter: the reader of each kind (both write a value's text).
HEADER_DECODERS = {"simple": decode_typed_headers, "string": decode_headers}
