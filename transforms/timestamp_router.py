"""TimestampRouter — configuration shared by both twins (timestamp_router_py.py, timestamp_router_c.pyx).

Kafka: ``TimestampRouter.java``. The topic becomes ``topic.format`` (default ``${topic}-${timestamp}``) with every
``${topic}`` replaced by the topic, then every ``${timestamp}`` in that result (one the topic brought in too)
replaced by the record timestamp formatted with ``timestamp.format`` (default ``yyyyMMdd``, a SimpleDateFormat
pattern, UTC; java_datetime.py). Any other ``${...}`` stays as written. A record without a timestamp is a
DataError. Kafka builds its SimpleDateFormat on the first record, so a pattern it refuses fails each record (with a
timestamp), not the configuration: smtbench warns at configuration time and fails each record the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .java_datetime import DateFormat
from .spec import Spec


@dataclass(frozen=True)
class TimestampRouterSpec(Spec):
    topic_format: str
    timestamp_format: DateFormat

    def missing_timestamp(self):
        return self.data_error("the record has no timestamp, which TimestampRouter needs to route it")

    def bad_pattern(self):
        return self.data_error(f"timestamp.format {self.timestamp_format.pattern!r} is not a SimpleDateFormat "
                               f"pattern: {self.timestamp_format.error}")


def parse(cfg: TransformConfig, on_key: bool) -> TimestampRouterSpec:
    topic_format = cfg.string("topic.format", "${topic}-${timestamp}")
    timestamp_format = DateFormat(cfg.string("timestamp.format", "yyyyMMdd"))
    if timestamp_format.error is not None:
        cfg.warn("timestamp.format", f"timestamp.format {timestamp_format.pattern!r} is not a SimpleDateFormat "
                                     f"pattern ({timestamp_format.error}): every record with a timestamp will fail")
    return TimestampRouterSpec(cfg.alias, cfg.type_name, on_key, topic_format, timestamp_format)
