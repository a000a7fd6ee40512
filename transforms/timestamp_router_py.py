"""TimestampRouter — the pure-Python twin (the reference). Configuration: timestamp_router.py."""

from __future__ import annotations

from .stage_py import Stage


class TimestampRouter(Stage):
    """Route a record to a topic named after its topic and timestamp."""

    def apply(self, record):
        spec = self.spec
        timestamp = record.timestamp
        if timestamp is None:
            raise spec.missing_timestamp()
        fmt = spec.timestamp_format
        if fmt.error is not None:
            raise spec.bad_pattern()
        topic = spec.topic_format.replace("${topic}", record.topic).replace("${timestamp}", fmt.format(timestamp))
        return record.with_topic(topic)
