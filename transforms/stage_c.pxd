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
