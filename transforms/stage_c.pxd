from cpython.object cimport PyObject

cdef extern from "Python.h":
    # borrowed reference, or NULL without an error when the key is absent
    PyObject* PyDict_GetItemWithError(object d, object key) except? NULL

# The base every Cython twin derives from, so the compiled chain calls apply() through C, not Python.

cdef class Stage:
    cdef readonly object spec
    cpdef object apply(self, object record)

# A copy of `record` (a transforms.Record) with field `index` replaced by `item`.
cdef object replace_item(tuple record, Py_ssize_t index, object item)

# `record` as the tuple it is (transforms.Record subclasses tuple), for C-speed indexing.
cdef inline tuple as_record(object record):
    if not isinstance(record, tuple):
        raise TypeError(f"expected a transforms.Record, got {type(record).__name__}")
    return <tuple>record

# The key (side 2) or value (side 1) a $Key/$Value transform works on: None (a tombstone passes through) or a dict.
cdef inline object operating_map(object spec, tuple record, Py_ssize_t side):
    data = record[side]
    if data is not None and not isinstance(data, dict):
        raise spec.not_a_map(data)
    return data
