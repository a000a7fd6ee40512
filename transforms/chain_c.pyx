# cython: language_level=3
"""The compiled chain: the same loop as chain_py, with each stage's apply() called through C."""

from transforms.stage_c cimport Stage


cdef class Chain:
    """Kafka's ``TransformationChain.apply``: a stage returning ``None`` drops the record, skipping the rest."""

    cdef readonly tuple stages
    cdef readonly str backend

    def __init__(self, stages, backend="cython"):
        self.stages = tuple(stages)
        self.backend = backend
        for stage in self.stages:
            if not isinstance(stage, Stage):
                raise TypeError(f"{stage!r} is not a compiled stage")

    cpdef object apply(self, object record):
        cdef Stage stage
        for stage in self.stages:
            record = stage.apply(record)
            if record is None:
                return None
        return record

    def __repr__(self):
        return f"<Chain {self.backend} {[stage.spec.alias for stage in self.stages]}>"
