"""The pure-Python chain: run each stage in order, stop at the first that drops the record."""

from __future__ import annotations


class Chain:
    """Kafka's ``TransformationChain.apply``: a stage returning ``None`` drops the record, skipping the rest."""

    backend = "python"

    def __init__(self, stages):
        self.stages = tuple(stages)

    def apply(self, record):
        for stage in self.stages:
            record = stage.apply(record)
            if record is None:
                return None
        return record

    def __repr__(self):
        return f"<Chain {self.backend} {[stage.spec.alias for stage in self.stages]}>"
