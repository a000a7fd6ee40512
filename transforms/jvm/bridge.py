"""Kafka's classes inside this process (JPype): one JVM, records and settings carried across as Connect has them.

A record goes to Java as the ``SinkRecord`` JsonConverter would make of it without schemas: maps as
``LinkedHashMap``, every integer an ``int64`` (``Long``), every float a ``Double``, bytes as ``byte[]``, lists as
``ArrayList``; the narrower numbers a chain makes (java_types.py: Int8 ... Float32) as the Java types they stand
for, and back; a ``decimal.Decimal`` as a ``BigDecimal`` (Connect's Decimal: the exponent is minus the scale).
Connect's sink records always carry a partition and an offset: a Record with an offset goes over as a ``SinkRecord``
(a missing partition as 0, and back without it); a Record without an offset is what a source task makes, and goes
over as a ``SourceRecord`` (partition and timestamp as they are, maybe null).
"""

from __future__ import annotations

import datetime
import decimal

from ..errors import ConfigError
from ..java_types import Float32, Int8, Int16, Int32
from .classpath import KafkaJars

_STARTED: dict = {}  # the classpath the JVM was started with, and the Java classes looked up once


def start(kafka: KafkaJars) -> None:
    """Start the JVM with Kafka's jars, once per process (a JVM cannot be restarted with another classpath)."""
    import jpype

    if jpype.isJVMStarted():
        if _STARTED.get("classpath") not in (None, kafka.classpath):
            raise ConfigError(f"the JVM in this process already runs with another classpath ({_STARTED['source']});"
                              " a process holds one JVM, started once", key="backend")
        if _STARTED:
            return
    else:
        # SLF4J without a provider prints a three-line warning on stderr: harmless, and not ours to show.
        jpype.startJVM("-Dslf4j.internal.verbosity=ERROR", classpath=[str(jar) for jar in kafka.jars],
                       convertStrings=False)
    _STARTED.update(classpath=kafka.classpath, source=kafka.source, **{
        name: jpype.JClass(java_name) for name, java_name in (
            ("HashMap", "java.util.LinkedHashMap"), ("Date", "java.util.Date"), ("ArrayList", "java.util.ArrayList"),
            ("Map", "java.util.Map"), ("List", "java.util.List"), ("BigDecimal", "java.math.BigDecimal"),
            ("BigInteger", "java.math.BigInteger"),
            ("SinkRecord", "org.apache.kafka.connect.sink.SinkRecord"),
            ("SourceRecord", "org.apache.kafka.connect.source.SourceRecord"),
            ("ConnectHeaders", "org.apache.kafka.connect.header.ConnectHeaders"),
            ("TimestampType", "org.apache.kafka.common.record.TimestampType"))})


def java(name: str):
    """A Java class looked up at start (``"SinkRecord"``, ``"HashMap"``, ...)."""
    return _STARTED[name]


def load_class(class_name: str):
    """The Java class of that binary name (``org.apache.kafka.connect.transforms.ReplaceField$Value``)."""
    import jpype

    return jpype.JClass(class_name)


def to_java(value):
    import jpype

    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return jpype.JBoolean(value)
    narrow = _NARROW.get(type(value))
    if narrow is not None:  # a Byte, Short, Integer or Float the chain made (java_types.py)
        return getattr(jpype, narrow)(value)
    if isinstance(value, int):
        return jpype.JLong(value)
    if isinstance(value, float):
        return jpype.JDouble(value)
    if isinstance(value, (bytes, bytearray)):
        return jpype.JArray(jpype.JByte)(bytes(value))
    if isinstance(value, decimal.Decimal) and value.is_finite() and -(2**31) < value.as_tuple().exponent <= 2**31:
        # by unscaled value and scale: a string such as "9.7E+2147483648" would not parse back
        sign, digits, exponent = value.as_tuple()
        return java("BigDecimal")(java("BigInteger")(("-" if sign else "") + "".join(map(str, digits))),
                                  jpype.JInt(-exponent))
    if isinstance(value, datetime.datetime):  # Connect's Date, Time and Timestamp are java.util.Date
        return java("Date")(jpype.JLong(epoch_millis(value)))
    if isinstance(value, dict):
        out = java("HashMap")()
        for key, item in value.items():
            out.put(to_java(key), to_java(item))
        return out
    if isinstance(value, (list, tuple)):
        out = java("ArrayList")()
        for item in value:
            out.add(to_java(item))
        return out
    raise TypeError(f"{type(value).__name__} has no Connect schemaless form")


_NARROW = {Int8: "JByte", Int16: "JShort", Int32: "JInt", Float32: "JFloat"}
_BOXED = {"java.lang.String": str, "java.lang.Boolean": bool, "java.lang.Long": int, "java.lang.Integer": Int32,
          "java.lang.Short": Int16, "java.lang.Byte": Int8, "java.lang.Double": float, "java.lang.Float": Float32,
          "java.math.BigDecimal": lambda big: decimal.Decimal(str(big))}


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def epoch_millis(moment: datetime.datetime) -> int:
    """Milliseconds since the epoch, as java.util.Date holds a moment (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return (moment - _EPOCH) // datetime.timedelta(milliseconds=1)


def from_epoch_millis(millis: int) -> datetime.datetime:
    return _EPOCH + datetime.timedelta(milliseconds=millis)


def to_python(value):
    import jpype

    if value is None or isinstance(value, (str, bool, int, float)) and not hasattr(value, "getClass"):
        return value
    if isinstance(value, jpype.JArray):
        return bytes(value)
    class_name = str(value.getClass().getName())
    if class_name in _BOXED:
        return _BOXED[class_name](value)
    if isinstance(value, java("Map")):
        return {to_python(entry.getKey()): to_python(entry.getValue()) for entry in value.entrySet()}
    if isinstance(value, java("List")):
        return [to_python(item) for item in value]
    if isinstance(value, java("Date")):
        return from_epoch_millis(int(value.getTime()))
    raise TypeError(f"a {class_name} from Kafka has no Python form here")


def to_sink_record(record):
    """A transforms.Record as the SinkRecord a sink task's chain gets, or (without an offset) the SourceRecord a
    source task's chain gets."""
    import jpype

    headers = java("ConnectHeaders")()
    for name, value in record.headers:
        headers.add(name, to_java(value), None)
    timestamp_type = java("TimestampType")
    kind = timestamp_type.NO_TIMESTAMP_TYPE if record.timestamp is None else timestamp_type.CREATE_TIME
    timestamp = None if record.timestamp is None else jpype.JLong(record.timestamp)
    if record.offset is None:
        partition = None if record.partition is None else jpype.JInt(record.partition)
        return java("SourceRecord")(None, None, record.topic, partition, None, to_java(record.key), None,
                                    to_java(record.value), timestamp, headers)
    return java("SinkRecord")(record.topic, record.partition or 0, None, to_java(record.key), None,
                              to_java(record.value), record.offset or 0, timestamp, kind, headers)


def from_sink_record(sink, like):
    """The Record a SinkRecord stands for; ``like`` is the record that went in (for its absent partition and
    offset)."""
    from ..record import Record

    partition = sink.kafkaPartition()
    partition = None if partition is None or (like.partition is None and int(partition) == 0) else int(partition)
    offset = int(sink.kafkaOffset()) if isinstance(sink, java("SinkRecord")) else None
    offset = None if like.offset is None and offset == 0 else offset
    timestamp = sink.timestamp()
    headers = tuple((str(header.key()), to_python(header.value())) for header in sink.headers())
    return Record(str(sink.topic()), to_python(sink.value()), to_python(sink.key()), partition, offset,
                  None if timestamp is None else int(timestamp), headers)


def connect_string(value) -> str:
    """A setting as Connect hands it to a transform: a string. chain.yaml's natural values become their Connect
    spelling: a list ``a,b``, a mapping ``a:b,c:d``, a boolean ``true``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(connect_string(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{connect_string(k)}:{connect_string(v)}" for k, v in value.items())
    return str(value)
