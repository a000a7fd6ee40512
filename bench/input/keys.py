"""A record's key and headers on the wire: the key converter, and headers as text.

The key converter follows the value's format: JsonConverter without schemas for ``json``, with them for
``json-schemas``, Avro for ``avro`` and ``confluent-avro`` (the key schema, else the schema inferred from the keys;
out of the chain, from its output keys), no converter for ``none``. Keys that are text (a kcat sample whose keys are
not all JSON) go through ``formats.String``, what Connect's StringConverter does. Headers are UTF-8 text both ways, as
``header.converter=StringConverter`` gives them to a chain (a null header value stays null); Connect's default
SimpleHeaderConverter would type them instead. A key converter of its own (a connector's ``key.converter``) may be
any of the value formats, ``string`` (StringConverter) included.
"""

from __future__ import annotations

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
