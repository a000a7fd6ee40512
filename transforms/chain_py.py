"""The pure-Python chain: run each stage in order, stop at the first that drops the record."""

from __future__ import annotations


class Chain:
    """Kafka's ``TransformationChain.apply``: a stage returning ``None`` drops the record, skipping the rest.

    With ``errors_tolerance="all"`` a record that a stage fails on is skipped (``apply`` returns None, as Connect
    skips it) and counted in ``skipped[i]`` for that stage; with ``"none"`` the error propagates.
    """

    def __init__(self, stages, backend: str = "python", errors_tolerance: str = "none"):
        self.stages = tuple(stages)
        self.backend = backend
        self.errors_tolerance = errors_tolerance
        self.skipped = [0] * len(self.stages)
        if errors_tolerance == "all":
            self.apply = self._apply_skipping

    def apply(self, record):
        for stage in self.stages:
            record = stage.apply(record)
            if record is None:
                return None
        return record

    def _apply_skipping(self, record):
        for index, stage in enumerate(self.stages):
            try:
                record = stage.apply(record)
            except Exception:  # Connect tolerates any exception a transformation throws
                self.skipped[index] += 1
                return None
            if record is None:
                return None
        return record

    def __repr__(self):
        return f"<Chain {self.backend} {[stage.spec.alias for stage in self.stages]}>"
