from cpython.object cimport PyObject

cdef extern from "Python.h":
    # borrowed reference, or NULL without an error when the key is absent
    PyObject* PyDict_GetItemWithError(object d, object key) except? NULL

# The bases every Cython twin derives from (the twins of stage_py.Stage and stage_py.MapStage), so the compiled
# chain calls apply() through C, not Python.

cdef class Stage:
    cdef readonly object spec
    cpdef object apply(self, object record)

cdef class MapStage(Stage):
    cdef Py_ssize_t side  # the position of the key (2) or the value (1) in a Record
    # The transformed map: a new dict, or `data` itself when nothing changes. Never mutate `data`.
    cdef object apply_map(self, dict data)

# A transform that writes one field of the map (Lookup, RegexReplace): `written(data)` is the new value of `target`,
# or UNCHANGED; apply_map writes it into a copy of the map, the fused backend into its own copy.
cdef class FieldStage(MapStage):
    cdef readonly object target
    cdef object written(self, dict data)

# A copy of `record` (a transforms.Record) with field `index` replaced by `item`.
cdef object replace_item(tuple record, Py_ssize_t index, object item)

# What a twin's per-field method (FieldStage.written, RegexRouter.routed) returns when the record stays as it is;
# the twin and the fused backend (fused_c.pyx) then write the result where each keeps it.
cdef object UNCHANGED

# `record` as the tuple it is (transforms.Record subclasses tuple), for C-speed indexing.
cdef inline tuple as_record(object record):
    if not isinstance(record, tuple):
        raise TypeError(f"expected a transforms.Record, got {type(record).__name__}")
    return <tuple>record
