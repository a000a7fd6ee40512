# cython: language_level=3
"""The compiled chain: the same loop as chain_py, with each stage's apply() called through C."""

from transforms.stage_c cimport Stage


cdef class Chain:
    """Kafka's ``TransformationChain.apply``: a stage returning ``None`` drops the record, skipping the rest.
    Under ``errors_tolerance="all"`` a failing record is skipped and counted in ``skipped`` (chain_py.Chain)."""

    cdef readonly tuple stages
    cdef readonly str backend, errors_tolerance
    cdef readonly list skipped
    cdef bint tolerant

    def __init__(self, stages, backend="cython", errors_tolerance="none"):
        self.stages = tuple(stages)
        self.backend = backend
        self.errors_tolerance = errors_tolerance
        self.tolerant = errors_tolerance == "all"
        self.skipped = [0] * len(self.stages)
        for stage in self.stages:
            if not isinstance(stage, Stage):
                raise TypeError(f"{stage!r} is not a compiled stage")

    cpdef object apply(self, object record):
        cdef Stage stage
        if self.tolerant:
            return self.apply_skipping(record)
        for stage in self.stages:
            record = stage.apply(record)
            if record is None:
                return None
        return record

    cdef object apply_skipping(self, object record):
        cdef Py_ssize_t index
        cdef Stage stage
        for index in range(len(self.stages)):
            stage = <Stage>self.stages[index]
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
