"""ReplaceField — the pure-Python twin (the reference). Configuration: replace_field.py."""

from __future__ import annotations

from .stage_py import MapStage


class ReplaceField(MapStage):
    """Keep, drop and rename the top-level fields of a schemaless key or value.

    Two fields renamed to the same name (or a rename onto a kept field): the one later in the record wins. Kafka
    iterates a HashMap there, so its winner is unspecified; ours is deterministic.
    """

    def apply_map(self, data):
        spec = self.spec
        renames, include, exclude = spec.renames, spec.included, spec.excluded
        if include or exclude:
            return {
                renames.get(name, name): value
                for name, value in data.items()
                if name not in exclude and (not include or name in include)
            }
        # renames only, the usual case: skip two set tests per field
        return {renames.get(name, name): value for name, value in data.items()}
