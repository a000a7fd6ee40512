# cython: language_level=3
"""The fused backend: a chain's plan (fused.py) run as one pass over each record.

A record is taken apart once into a ``Pass``; each step reads and writes the pass, and one Record is made at the end
(none when nothing changed). The pass copies the value's (or key's) map at most once, on the first write, and then
writes it in place: a copy nobody else holds, so no input is ever changed. The steps reuse the Cython twins' own
per-field code (``FieldStage.written`` of Lookup and RegexReplace, ``RegexRouter.routed``, any twin's ``apply_map``), so
the fused backend decides only where each result is written.
"""

cimport cython
from cpython.dict cimport PyDict_Copy, PyDict_Next, PyDict_SetItem
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_SET_ITEM

from transforms.predicates_c cimport Predicate
from transforms.regex_router_c cimport RegexRouter
from transforms.stage_c cimport UNCHANGED, FieldStage, MapStage, PyDict_GetItemWithError, Stage, as_record

from transforms.record import Record

cdef extern from "Python.h":
    dict _PyDict_NewPresized(Py_ssize_t minused)
    ctypedef object (*allocfunc)(object, Py_ssize_t)
    ctypedef struct PyTypeObject:
        allocfunc tp_alloc

#: How many topics' routes a RegexRouter step keeps.
ROUTES = 1024
cdef object _RECORD = Record
_MAP_APPLY = getattr(MapStage, "apply")  # the Python method, not the C one
cdef PyTypeObject* _RECORD_TYPE = <PyTypeObject*>Record


cdef inline void _set(object record, Py_ssize_t index, object item):
    Py_INCREF(item)
    PyTuple_SET_ITEM(<tuple>record, index, item)


@cython.final
@cython.freelist(8)
cdef class Pass:
    """One record on its way through a fused chain: its parts as they are now, and whether the value's and the
    key's map are the pass's own copy (written in place) or still the record's (copied before the first write)."""
    cdef object record  # the record as it came in, or as last made
    cdef object topic, value, key, partition, offset, timestamp, headers
    cdef bint changed, value_owned, key_owned

    cdef void load(self, tuple record):
        self.record = record
        self.topic, self.value, self.key = record[0], record[1], record[2]
        self.partition, self.offset, self.timestamp, self.headers = record[3], record[4], record[5], record[6]
        self.changed = self.value_owned = self.key_owned = False

    cdef inline object side(self, bint on_key):
        return self.key if on_key else self.value

    cdef void put(self, bint on_key, object data, bint owned):
        if on_key:
            self.key, self.key_owned = data, owned
        else:
            self.value, self.value_owned = data, owned
        self.changed = True

    cdef dict writable(self, bint on_key):
        """The side's map, ours to write: copied the first time in this pass."""
        if on_key:
            if not self.key_owned:
                self.put(True, PyDict_Copy(self.key), True)
            return <dict>self.key
        if not self.value_owned:
            self.put(False, PyDict_Copy(self.value), True)
        return <dict>self.value

    cdef object made(self):
        """The record as it is now (the one that came in when nothing changed)."""
        if not self.changed:
            return self.record
        cdef object out = _RECORD_TYPE.tp_alloc(_RECORD, 7)
        _set(out, 0, self.topic)
        _set(out, 1, self.value)
        _set(out, 2, self.key)
        _set(out, 3, self.partition)
        _set(out, 4, self.offset)
        _set(out, 5, self.timestamp)
        _set(out, 6, self.headers)
        self.record = out
        self.changed = False
        return out


cdef class Step:
    """One step of the plan over a pass; ``first`` is the chain stage its errors count against."""
    cdef readonly Py_ssize_t first
    cdef readonly object spec  # the first stage's configuration, which errors name

    def __init__(self, Py_ssize_t first, spec):
        self.first = first
        self.spec = spec

    # 1 when the record is dropped, else 0
    cdef int run(self, Pass p) except -1:
        raise NotImplementedError


cdef class MapStep(Step):
    """A step on the value's (or key's) map: a null one passes through, anything else but a map is an error."""
    cdef bint on_key

    def __init__(self, Py_ssize_t first, spec):
        Step.__init__(self, first, spec)
        self.on_key = spec.on_key

    cdef int run(self, Pass p) except -1:
        data = p.side(self.on_key)
        if data is None:  # a tombstone (or a null key) passes through, as in Kafka
            return 0
        if not isinstance(data, dict):
            raise self.spec.not_a_map(data)
        self.run_map(p, <dict>data)
        return 0

    cdef int run_map(self, Pass p, dict data) except -1:
        raise NotImplementedError


@cython.final
cdef class Fields(MapStep):
    """ReplaceField stages composed (fused.compose_fields): the map rebuilt once, each field under its final name.

    Composing is exact unless two fields end up under one name (``a:x`` on a map that has ``x``): which one
    survives then depends on the order of the maps the stages built one by one. The pass sees that at no cost
    (fewer fields out than kept) and then runs the stages' twins one by one instead."""
    cdef dict mapping
    cdef bint keep_others
    cdef tuple stages  # the ReplaceField twins composed here, when more than one

    def __init__(self, Py_ssize_t first, spec, dict mapping, bint keep_others, stages=()):
        MapStep.__init__(self, first, spec)
        self.mapping = mapping
        self.keep_others = keep_others
        self.stages = tuple(stages) if len(stages) > 1 else ()

    cdef int run_map(self, Pass p, dict data) except -1:
        cdef dict out = _PyDict_NewPresized(len(data))  # no resizing on the way (12 fields outgrow a new dict twice)
        cdef Py_ssize_t pos = 0
        cdef PyObject* name
        cdef PyObject* value
        cdef PyObject* fate
        cdef Py_ssize_t kept = 0
        cdef MapStage stage
        while PyDict_Next(data, &pos, &name, &value):
            fate = PyDict_GetItemWithError(self.mapping, <object>name)
            if fate is NULL:
                if not self.keep_others:
                    continue
                fate = name
            elif <object>fate is None:  # fused.DROP
                continue
            PyDict_SetItem(out, <object>fate, <object>value)
            kept += 1
        if kept != len(out) and self.stages:  # two fields met under one name: the stages one by one
            out = data
            for stage in self.stages:
                out = stage.apply_map(out)
        p.put(self.on_key, out, True)
        return 0


@cython.final
cdef class MapTwinStep(MapStep):
    """A map transform's Cython twin on the pass's map. One that writes one field (a FieldStage: Lookup,
    RegexReplace) writes it into the pass's own copy; any other makes a new map, which is not the pass's own (a
    twin may hand back a map it found inside the record)."""
    cdef MapStage twin
    cdef FieldStage field  # the twin, when it is a FieldStage

    def __init__(self, Py_ssize_t first, MapStage twin):
        MapStep.__init__(self, first, twin.spec)
        self.twin = twin
        self.field = twin if isinstance(twin, FieldStage) else None

    cdef int run_map(self, Pass p, dict data) except -1:
        if self.field is not None:
            value = self.field.written(data)
            if value is not UNCHANGED:
                PyDict_SetItem(p.writable(self.on_key), self.field.target, value)
            return 0
        out = self.twin.apply_map(data)
        if out is not data:
            p.put(self.on_key, out, False)
        return 0


@cython.final
cdef class RouteStep(Step):
    """A RegexRouter: the topic's new name depends on the topic alone, and a task sees few topics, so each
    topic's answer is kept (up to ROUTES of them) and the regex runs once per topic, not once per record."""
    cdef RegexRouter twin
    cdef dict routes  # topic -> its new name, or UNCHANGED

    def __init__(self, Py_ssize_t first, RegexRouter twin):
        Step.__init__(self, first, twin.spec)
        self.twin = twin
        self.routes = {}

    cdef int run(self, Pass p) except -1:
        cdef PyObject* known = NULL
        if type(p.topic) is str:
            known = PyDict_GetItemWithError(self.routes, p.topic)
        if known is not NULL:
            topic = <object>known
        else:
            topic = self.twin.routed(p.topic)  # raises for a bad reference: each time, never kept
            if type(p.topic) is str and len(self.routes) < ROUTES:
                self.routes[p.topic] = topic
        if topic is not UNCHANGED:
            p.topic = topic
            p.changed = True
        return 0


@cython.final
cdef class RecordStep(Step):
    """A transform of the whole record (a router, headers, a filter, a Python class): given the record as it is
    now. It may keep what it is given, so the pass's maps stop being the pass's own."""
    cdef Stage twin

    def __init__(self, Py_ssize_t first, Stage twin):
        Step.__init__(self, first, twin.spec)
        self.twin = twin

    cdef int run(self, Pass p) except -1:
        record = p.made()
        out = self.twin.apply(record)
        if out is None:
            return 1
        if out is record:
            p.value_owned = p.key_owned = False
        else:
            p.load(as_record(out))
        return 0


@cython.final
cdef class WhenStep(Step):
    """Connect's TransformationStage: the step runs when the predicate's test differs from ``negate``."""
    cdef Step step
    cdef Predicate predicate
    cdef bint negate

    def __init__(self, Step step, Predicate predicate, bint negate):
        Step.__init__(self, step.first, step.spec)
        self.step, self.predicate, self.negate = step, predicate, negate

    cdef int run(self, Pass p) except -1:
        if self.predicate.check(<tuple>p.made()) == self.negate:
            return 0
        return self.step.run(p)


cdef class FusedChain:
    """A chain run as its plan's steps over one pass per record. Like every chain: ``apply(record) -> Record |
    None``, ``stages`` (here each stage fused alone, to time it alone), ``skipped`` per stage under
    ``errors_tolerance="all"``; and ``plan``, what fused.describe says of it."""
    cdef readonly tuple steps, stages
    cdef readonly str backend, errors_tolerance
    cdef readonly list skipped, plan
    cdef readonly object spec  # a chain of one stage: that stage's configuration (as a twin's ``spec``)
    cdef bint tolerant

    def __init__(self, steps, stages, Py_ssize_t count, errors_tolerance="none", plan=(), spec=None):
        self.steps = tuple(steps)
        for step in self.steps:
            if not isinstance(step, Step):
                raise TypeError(f"{step!r} is not a fused step")
        self.stages = tuple(stages)
        self.backend = "fused"
        self.errors_tolerance = errors_tolerance
        self.tolerant = errors_tolerance == "all"
        self.skipped = [0] * count
        self.plan = list(plan)
        self.spec = spec

    cpdef object apply(self, object record):
        cdef Pass p = Pass.__new__(Pass)
        cdef Step step
        p.load(as_record(record))
        if self.tolerant:
            return self.apply_skipping(p)
        for step in self.steps:
            if step.run(p):
                return None
        return p.made()

    cdef object apply_skipping(self, Pass p):
        cdef Step step
        for step in self.steps:
            try:
                if step.run(p):
                    return None
            except Exception:  # Connect tolerates any exception a transformation throws
                self.skipped[step.first] += 1
                return None
        return p.made()

    def __repr__(self):
        return f"<FusedChain {self.plan[0] if self.plan else 'of no stages'}>"


def build_steps(spec, steps, twin_of, test_of):
    """The executable steps of ``steps`` (fused.plan of ``spec``): ``twin_of(stage)`` gives a stage's Cython twin,
    ``test_of(predicate)`` a declared predicate's."""
    built = []
    tests = {}
    for planned in steps:
        stage = spec.stages[planned.first]
        if planned.kind == "fields":
            step = Fields(planned.first, stage.spec, planned.mapping, planned.keep_others,
                          [twin_of(spec.stages[index]) for index in planned.stages])
        else:
            twin = twin_of(stage)
            if planned.kind == "route":
                step = RouteStep(planned.first, twin)
            elif isinstance(twin, MapStage) and getattr(type(twin), "apply") is _MAP_APPLY:  # apply_map is all it does
                step = MapTwinStep(planned.first, twin)
            else:
                step = RecordStep(planned.first, twin)
        declared = stage.predicate
        if declared is not None:
            if declared.alias not in tests:
                tests[declared.alias] = test_of(declared)
            step = WhenStep(step, tests[declared.alias], stage.negate)
        built.append(step)
    return built
