"""What a run found, typed: the figures per stage and backend, the paired ratios, and the decision. Every module that
reads a run's figures takes a ``Results``; JSON is only the edge (summary.json written, read back for compare).

Field names are summary.json's own, which users read: ``records_in`` of a transform is the records entering it.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .. import chains

SUMMARY_VERSION = 1


@dataclass(frozen=True)
class Quartiles:
    median: float
    q1: float
    q3: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Quartiles:
        if len(values) == 1:
            return cls(values[0], values[0], values[0], 1)
        q1, median, q3 = statistics.quantiles(sorted(values), n=4, method="inclusive")
        return cls(median, q1, q3, len(values))

    def to_json(self) -> dict:
        return {"median": self.median, "q1": self.q1, "q3": self.q3, "n": self.n}

    @classmethod
    def from_json(cls, doc: dict) -> Quartiles:
        return cls(doc["median"], doc["q1"], doc["q3"], doc["n"])


#: Wall time per record "differs" from CPU time when it is over (1 + DIFFER) times it: the console, report and
#: verdict then show both.
DIFFER = 0.10


@dataclass(frozen=True)
class NsPerRecord:
    """Nanoseconds per record over every value of every process, and each process's own median."""

    median: float
    mean: float
    stdev: float
    min: float
    max: float
    process_medians: list[float]

    @property
    def spread(self) -> float:
        """The standard deviation of the process medians, relative to the median: drift between processes."""
        medians = self.process_medians
        return statistics.stdev(medians) / self.median if len(medians) > 1 and self.median else 0.0

    def range(self) -> tuple[float, float]:
        """A low and a high level for the median, (low, high): the lowest and the highest process median, widened
        to take in the median itself (one process, or none: the median twice). What one process alone would have
        given, from the fastest to the slowest: how far the run's figure could move on a machine that drifts as this
        one did. Not a confidence interval: more processes only widen it (spread.py's marks allow for that)."""
        medians = [*self.process_medians, self.median]
        return min(medians), max(medians)

    @property
    def disagreement(self) -> float:
        """The highest process median over the lowest: 1.0 where they agree (or there is one)."""
        low, high = self.range()
        return high / low if low > 0 else 1.0


@dataclass(frozen=True)
class RelativeCost:
    """A stage's cost over the reference workload's, taken in each round: per process, and their median."""

    median: float
    process_values: list[float]


@dataclass(frozen=True)
class StageResult:
    """One cell's figures: a stage on one backend (``backend`` None for converter stages and the reference).

    ``ns_per_record`` is wall time (how long a pass holds the task); ``cpu_ns_per_record`` the CPU time of the
    measuring thread over the same passes (what it costs a core), None where it was not measured (a summary from
    before it was, or a JVM without a thread CPU clock)."""

    name: str
    stage: str
    backend: str | None
    records: int
    ns_per_record: NsPerRecord
    share_of_chain: float | None = None
    relative_to_reference: RelativeCost | None = None  # None when the run had no reference cell
    cpu_ns_per_record: NsPerRecord | None = None
    #: Per process, the median over rounds of this stage's wall time over its CPU time, divided by the reference
    #: workload's in the same round (a process without the reference: not divided). None: no CPU time measured.
    wall_over_cpu: list | None = None

    @property
    def waits(self) -> bool:
        """Wall time over (1 + DIFFER) times CPU time, beyond what the reference workload shows in the same rounds,
        in every process: the stage waits, as a lookup's network round trip does. A busy machine keeps a process
        off its core for a while, and its wall times then run long where its CPU times do not, for the reference
        workload as for the stage (seen: one of two processes at 1.9x, the other at 1.0x); dividing by the
        reference's takes that out, and every process must agree."""
        return bool(self.wall_over_cpu) and all(ratio > 1 + DIFFER for ratio in self.wall_over_cpu)

    def to_json(self) -> dict:
        doc = {"name": self.name, "stage": self.stage, "backend": self.backend, "records": self.records,
               "ns_per_record": dict(vars(self.ns_per_record)),
               "cpu_ns_per_record": None if self.cpu_ns_per_record is None else dict(vars(self.cpu_ns_per_record)),
               "wall_over_cpu": self.wall_over_cpu,
               "share_of_chain": self.share_of_chain}
        if self.relative_to_reference is not None:
            doc["relative_to_reference"] = dict(vars(self.relative_to_reference))
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> StageResult:
        relative, cpu = doc.get("relative_to_reference"), doc.get("cpu_ns_per_record")
        return cls(doc["name"], doc["stage"], doc["backend"], doc["records"], NsPerRecord(**doc["ns_per_record"]),
                   doc["share_of_chain"], None if relative is None else RelativeCost(**relative),
                   None if cpu is None else NsPerRecord(**cpu), doc.get("wall_over_cpu"))


@dataclass(frozen=True)
class TransformCounts:
    """What one transform did with the records reaching it in the master's check: ``records_in`` = ``changed`` +
    ``unchanged`` + ``dropped`` + ``skipped``, and ``records_out`` = ``changed`` + ``unchanged``. ``changed`` and
    ``unchanged`` are None in a summary written before they were counted."""

    alias: str
    type: str
    records_in: int
    records_out: int
    skipped: int = 0  # records it failed on, skipped under errors.tolerance=all
    changed: int | None = None  # records it returned changed (topic, key, value, headers or timestamp)
    unchanged: int | None = None  # records it returned as they came, or equal to them (types kept apart)
    #: A Lookup from a store, on the master's first check (one pass over all the records, from an empty cache):
    #: keys it looked up, and how many its cache answered (None: no store; cache_hits None: no cache)
    lookups: int | None = None
    cache_hits: int | None = None

    @property
    def dropped(self) -> int:
        """Records the transform itself dropped (returned null for), as Filter does."""
        return self.records_in - self.records_out - self.skipped

    def to_json(self) -> dict:
        doc = {"alias": self.alias, "type": self.type, "records_in": self.records_in,
               "records_out": self.records_out}
        if self.changed is not None:
            doc.update(changed=self.changed, unchanged=self.unchanged)
        if self.lookups is not None:
            doc.update(lookups=self.lookups, cache_hits=self.cache_hits)
        return dict(doc, dropped=self.dropped, skipped=self.skipped)

    def cache_note(self) -> str | None:
        """What the lookup's store and cache did, in words; None for any other transform."""
        if self.lookups is None:
            return None
        if self.cache_hits is None:
            return f"transform {self.alias!r} looked up {self.lookups:,} keys in its store, each a round trip (no cache)"
        rate = self.cache_hits / self.lookups if self.lookups else 0.0
        return (f"transform {self.alias!r} looked up {self.lookups:,} keys on one pass over the records, from an empty "
                f"cache: its cache answered {self.cache_hits:,} ({rate:.1%}), the store the rest")

    @classmethod
    def from_json(cls, doc: dict) -> TransformCounts:
        return cls(doc["alias"], doc["type"], doc["records_in"], doc["records_out"], doc.get("skipped", 0),
                   doc.get("changed"), doc.get("unchanged"), doc.get("lookups"), doc.get("cache_hits"))


@dataclass(frozen=True)
class MessagesUsed:
    source: str  # where the records came from, in words
    format: str
    topic: str
    count: int  # records the source had
    records_per_pass: int  # the first of them each pass used
    #: the mean bytes of a message's value and key on the wire: what a fetch fills with.
    #: 0: not known (format none, or a summary from before it was kept)
    bytes_per_record: float = 0.0


@dataclass
class Option:
    """One way to run the chain, projected at every rate: ``at`` holds a row per rate (capacity.model's fields)."""

    name: str
    connect: str  # what runs in Connect
    outside: str  # where the rest of the work goes, in words ("" when nowhere)
    us_per_record: float  # wall time in Connect: what holds a task (its capacity, latency)
    at: list[dict]
    cpu_us_per_record: float | None = None  # CPU time in Connect: what sizes its cores (None: a summary before it)
    waits: bool = False  # the stage its cost comes from waits (StageResult.waits): reports show both figures
    #: "modelled"; "moved" (the chain runs outside Connect: it adds nothing to the task's latency, its cost is
    #: upstream); or "not modelled" (ksqlDB: another hop through Kafka): no latency figure, no SLO verdict
    latency: str = "modelled"
    measured: bool = True  # False: its cost outside Connect is an assumption (ksqlDB), so it is never recommended


@dataclass
class Decision:
    """Every option at the user's rates, the verdict in words, and each option's curves for the plots."""

    deployment: dict
    assumed: list[str]
    rates: list[float]
    options: list[Option]
    verdict: list[str]
    curves: dict  # option name -> {"points": [{"rate", "mean_us", "p99_us", "cores", "saturated"}], "saturates_at"}
    #: With more than one worker: the option running today once one worker is lost ("option", "workers",
    #: "tasks_unassigned", "tasks_left", "rates": a projection row per rate); None with one worker.
    lost_worker: dict | None = None
    #: The option the verdict chooses at the highest rate (today's when it is fine as it is); None: none fits
    recommended: str | None = None

    def warnings(self) -> list[str]:
        """The model's warnings, each once, saying for which option and from which rate: the limits the options
        hit (saturated, CPU-bound, over the utilisation ceiling, max.poll.interval, retention)."""
        first: dict = {}
        for option in self.options:
            for rate, at in zip(self.rates, option.at):
                for warning in at["warnings"]:
                    key = (option.name, re.sub(r"[\d,.]+", "#", warning))  # the same warning with other figures
                    first.setdefault(key, f"from {rate:,.0f} records/s, {option.name}: {warning}")
        return list(first.values())

    def to_json(self) -> dict:
        doc = dict(vars(self))
        doc["options"] = [dict(vars(option)) for option in self.options]
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Decision:
        doc = {key: item for key, item in doc.items() if key != "fused"}  # summary.json before the fused backend
        return cls(**dict(doc, options=[Option(**option) for option in doc["options"]]))


@dataclass
class Results:
    name: str
    run: str
    chain_file: str
    mode: str
    processes: int
    rounds_per_process: int
    messages: MessagesUsed
    backends: list[str]
    stages: list[StageResult]
    transforms: list[TransformCounts]
    ratios: dict[str, dict[str, Quartiles]]  # "<other>/<reference>" -> stage -> ratio inside each round
    chain_vs_pass_through: dict[str, Quartiles]  # backend -> the chain over decode + encode
    warnings: list[str]
    wall_time_s: float
    environment: dict
    decision: Decision | None = None
    #: backend -> how it ran the chain, in words (the fused backend's plan: its steps and where its pass splits)
    plans: dict = field(default_factory=dict)
    summary_version: int = field(default=SUMMARY_VERSION)

    # -- reading the figures -------------------------------------------------------------------------------------
    def stage(self, stage: str, backend: str | None = None) -> StageResult | None:
        return next((s for s in self.stages if s.stage == stage and s.backend == backend), None)

    def median_ns(self, stage: str, backend: str | None = None) -> float | None:
        """The median ns per record of ``stage`` on ``backend`` (None for a converter stage), if measured."""
        found = self.stage(stage, backend)
        return None if found is None else found.ns_per_record.median

    def median_cpu_ns(self, stage: str, backend: str | None = None) -> float | None:
        """The median CPU ns per record of ``stage`` on ``backend``, if measured (with its CPU time)."""
        found = self.stage(stage, backend)
        return None if found is None or found.cpu_ns_per_record is None else found.cpu_ns_per_record.median

    def stages_by_name(self) -> dict[str, dict[str | None, StageResult]]:
        """Stage -> backend -> figures, in measuring order, without the reference workload."""
        rows: dict = {}
        for s in self.stages:
            if s.stage != "reference":
                rows.setdefault(s.stage, {})[s.backend] = s
        return rows

    def current_backend(self) -> str:
        """The backend a chain runs on today: Kafka's own classes (jvm) when they were measured, as a Connect
        worker runs them; else the reference (python), else the first."""
        for backend in self.backends:
            if chains.get(backend).kafka and self.stage("chain", backend):
                return backend
        return chains.reference() if self.stage("chain", chains.reference()) else self.backends[0]

    def ratio(self, backend: str, stage: str) -> Quartiles | None:
        """``backend``'s cost over the reference backend's for ``stage``, paired inside each round."""
        return self.ratios.get(f"{backend}/{chains.reference()}", {}).get(stage)

    def relative_samples(self) -> dict[str, list[float]]:
        """{benchmark: per-process cost relative to the reference workload}, what the time gate compares."""
        return {s.name: s.relative_to_reference.process_values for s in self.stages
                if s.stage != "reference" and s.relative_to_reference is not None}

    # -- summary.json --------------------------------------------------------------------------------------------
    def to_json(self) -> dict:
        doc = {
            "summary_version": self.summary_version, "name": self.name, "run": self.run,
            "chain_file": self.chain_file, "mode": self.mode, "processes": self.processes,
            "rounds_per_process": self.rounds_per_process, "messages": dict(vars(self.messages)),
            "backends": self.backends, "stages": [s.to_json() for s in self.stages],
            "transforms": [t.to_json() for t in self.transforms],
            "ratios": {key: {stage: q.to_json() for stage, q in by_stage.items()}
                       for key, by_stage in self.ratios.items()},
            "chain_vs_pass_through": {backend: q.to_json() for backend, q in self.chain_vs_pass_through.items()},
            "warnings": self.warnings, "wall_time_s": self.wall_time_s, "environment": self.environment,
            "plans": self.plans,
        }
        if self.decision is not None:
            doc["decision"] = self.decision.to_json()
        return doc

    @classmethod
    def from_json(cls, doc: dict) -> Results:
        return cls(
            name=doc["name"], run=doc["run"], chain_file=doc["chain_file"], mode=doc["mode"],
            processes=doc["processes"], rounds_per_process=doc["rounds_per_process"],
            messages=MessagesUsed(**doc["messages"]), backends=doc["backends"],
            stages=[StageResult.from_json(s) for s in doc["stages"]],
            transforms=[TransformCounts.from_json(t) for t in doc["transforms"]],
            ratios={key: {stage: Quartiles.from_json(q) for stage, q in by_stage.items()}
                    for key, by_stage in doc["ratios"].items()},
            chain_vs_pass_through={b: Quartiles.from_json(q) for b, q in doc["chain_vs_pass_through"].items()},
            warnings=doc["warnings"], wall_time_s=doc["wall_time_s"], environment=doc["environment"],
            decision=Decision.from_json(doc["decision"]) if "decision" in doc else None, plans=doc.get("plans", {}),
            summary_version=doc["summary_version"])
