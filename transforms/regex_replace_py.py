"""RegexReplace — the pure-Python twin (the reference). Configuration: regex_replace.py."""

from __future__ import annotations

from .java_regex import replace_all
from .stage_py import MapStage


class RegexReplace(MapStage):
    """Rewrite every match of a regex in one string field (Java ``replaceAll``)."""

    def apply_map(self, data):
        spec = self.spec
        text = data.get(spec.field)
        if text is None:
            return data
        if not isinstance(text, str):
            raise spec.wrong_field_type(spec.field, text, "str")
        if spec.replacement_error is not None:
            if spec.pattern.search(text) is None:
                return data
            raise spec.data_error(spec.replacement_error, spec.field)
        if spec.empty_matches:
            new_text, count = replace_all(spec.pattern, text, spec.parts)
        else:
            new_text, count = spec.pattern.subn(spec.template, text)
        if count == 0:
            return data
        out = dict(data)
        out[spec.field] = new_text
        return out
