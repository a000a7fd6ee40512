"""RegexRouter — the pure-Python twin (the reference). Configuration: regex_router.py."""

from __future__ import annotations

from .java_regex import expand
from .stage_py import Stage


class RegexRouter(Stage):
    """Rewrite the topic when the regex matches all of it (Java ``matches()`` then ``replaceFirst``)."""

    def apply(self, record):
        topic = record.topic
        spec = self.spec
        if not isinstance(topic, str):
            raise spec.data_error(f"the record topic is {type(topic).__name__}, expected str")
        regex = spec.regex
        if regex.fullmatch(topic) is None:
            return record
        if spec.replacement_error is not None:
            raise spec.data_error(spec.replacement_error)
        first = regex.match(topic)  # replaceFirst: the first match from the start, not the whole-topic one
        return record.with_topic(expand(spec.replacement, first) + topic[first.end():])
