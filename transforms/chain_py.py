"""The pure-Python chain: run each stage in order, stop at the first that drops the record."""

from __future__ import annotations


class Chain:
    """Kafka's ``TransformationChain.apply``: a stage returning ``None`` drops the record, skipping the rest."""

    def __init__(self, stages, backend: str = "python"):
        self.stages = tuple(stages)
        self.backend = backend

    def apply(self, record):
        for stage in self.stages:
            record = stage.apply(record)
            if record is None:
                return None
        return record

    def __repr__(self):
        return f"<Chain {self.backend} {[stage.spec.alias for stage in self.stages]}>"
