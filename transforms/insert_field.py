"""InsertField$Key / $Value — configuration shared by both twins (insert_field_py.py, insert_field_c.pyx).

Kafka: ``InsertField.java`` (4.3). Schemaless behaviour:
- A null key/value passes through untouched; any other non-map is Kafka's ``requireMap`` error.
- The output is a copy of the map with, in this order: ``topic.field`` = the topic (a string);
  ``partition.field`` = the partition (an Integer), left out when the record has none; ``offset.field`` = the
  offset (a Long), which only a sink record has: a record without an offset (a source record) is an error, as
  Kafka's ``requireSinkRecord`` is; ``timestamp.field`` = the timestamp as a Long of milliseconds (not a Date: that
  is the Struct path), left out when the record has none; ``static.field`` = ``static.value``, always a string.
  A name given twice (or an existing field) takes the later value.
- A trailing ``!`` (required) or ``?`` (optional, the default) is cut off the name: one character, once. It only
  decides the field's schema on the Struct path, so here it just is not part of the name.

Configuration as Kafka checks it: at least one of the five ``*.field`` settings, and ``static.value`` whenever
``static.field`` is set. Names are trimmed like every STRING setting, and may be empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

FIELD_KEYS = ("topic.field", "partition.field", "offset.field", "timestamp.field", "static.field")


@dataclass(frozen=True)
class InsertFieldSpec(Spec):
    purpose = "field insertion"

    # The names to write, None when not inserted.
    topic_field: str | None
    partition_field: str | None
    offset_field: str | None
    timestamp_field: str | None
    static_field: str | None
    static_value: str | None
    replace_null_with_default: bool = True  # Kafka's setting for Structs with defaults: no effect without a schema


def field_name(setting: str | None) -> str | None:
    """Kafka's ``InsertionSpec.parse``: a trailing ``?`` or ``!`` is the optionality marker, not the name."""
    if setting is None:
        return None
    return setting[:-1] if setting.endswith(("?", "!")) else setting


def parse(cfg: TransformConfig, on_key: bool) -> InsertFieldSpec:
    topic, partition, offset, timestamp, static = (field_name(cfg.string(key, None)) for key in FIELD_KEYS)
    static_value = cfg.string("static.value", None)
    replace_null_with_default = cfg.boolean("replace.null.with.default", True)
    if topic is None and partition is None and offset is None and timestamp is None and static is None:
        raise cfg.error(None, f"nothing to insert: set at least one of {', '.join(FIELD_KEYS)}")
    if static is not None and static_value is None:
        raise cfg.error("static.value", f"static.field {static!r} needs a static.value (the string to insert)")
    return InsertFieldSpec(
        alias=cfg.alias,
        type_name=cfg.type_name,
        on_key=on_key,
        topic_field=topic,
        partition_field=partition,
        offset_field=offset,
        timestamp_field=timestamp,
        static_field=static,
        static_value=static_value,
        replace_null_with_default=replace_null_with_default,
    )


def no_offset(spec: InsertFieldSpec):
    """The error for ``offset.field`` on a record without an offset (Kafka: "Only SinkRecord supported")."""
    return spec.data_error(f"offset.field {spec.offset_field!r} needs a sink record, and this record has no offset "
                           "(a source record)", field=spec.offset_field)
