"""RegexReplace — the pure-Python twin (the reference). Configuration: regex_replace.py."""

from __future__ import annotations

from .regex_replace import RegexReplaceSpec


class RegexReplace:
    """Rewrite every match of a regex in one string field."""

    def __init__(self, spec: RegexReplaceSpec):
        self.spec = spec

    def apply(self, record):
        spec = self.spec
        data = spec.operating_map(record)
        if data is None:
            return record
        text = data.get(spec.field)
        if text is None:
            return record
        if not isinstance(text, str):
            raise spec.wrong_field_type(spec.field, text, "str")
        new_text, count = spec.pattern.subn(spec.template, text)
        if count == 0:
            return record
        out = dict(data)
        out[spec.field] = new_text
        return record.with_key(out) if spec.on_key else record.with_value(out)
