"""RegexReplace — the pure-Python twin (the reference). Configuration: regex_replace.py."""

from __future__ import annotations

from .stage_py import MapStage


class RegexReplace(MapStage):
    """Rewrite every match of a regex in one string field."""

    def apply_map(self, data):
        spec = self.spec
        text = data.get(spec.field)
        if text is None:
            return data
        if not isinstance(text, str):
            raise spec.wrong_field_type(spec.field, text, "str")
        new_text, count = spec.pattern.subn(spec.template, text)
        if count == 0:
            return data
        out = dict(data)
        out[spec.field] = new_text
        return out
