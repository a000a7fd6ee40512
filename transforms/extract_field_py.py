"""ExtractField — the pure-Python twin (the reference). Configuration: extract_field.py."""

from __future__ import annotations

from .stage_py import MapStage


class ExtractField(MapStage):
    """Replace the key or value map by one of its fields (V2: a field of nested maps); missing gives None."""

    def apply_map(self, data):
        spec = self.spec
        steps = spec.steps
        if not steps:
            raise spec.empty_path()
        current = data
        for step in steps[:-1]:
            current = current.get(step)
            if current is None:
                return None
            if not isinstance(current, dict):
                raise spec.nested_not_a_map(step, current)
        return current.get(steps[-1])
