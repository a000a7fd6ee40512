"""``jvm``: Kafka Connect's own transform classes, run in a JVM inside this process (JPype).

This is Kafka itself, the judge the twins are proven against: each stage is the Java class its type names
(``org.apache.kafka.connect.transforms.ReplaceField$Value``), configured with the stage's settings as Connect
strings, applied to the record as a ``SinkRecord``. Kafka's ConfigException becomes a ConfigError, its
DataException (or any other exception a transform throws) a DataError. Per-record figures of this backend would be
JPype's conversions, not Kafka's cost: the bench does not time it in process.
"""

from __future__ import annotations

import re

from ..chain_py import Chain
from ..errors import ConfigError, DataError
from .base import Backend

# Kafka names the key as "... for configuration renames: ..." or "Configuration 'include' values must ..."
_CONFIG_KEY = re.compile(r"for configuration ([\w.]+)|Configuration '([\w.]+)'")


def unavailable() -> str | None:
    try:
        import jpype  # noqa: F401
    except ImportError:
        return "JPype is not installed: pip install 'smtbench[kafka]'"
    from ..jvm.classpath import NotFound, find_java, find_kafka

    try:
        find_java()
        find_kafka()
    except NotFound as exc:
        return str(exc)
    return None


class JavaStage:
    """One Kafka Transformation, configured; with a predicate, as Connect's TransformationStage: it runs when the
    predicate's test differs from ``negate``. ``apply`` takes and gives Records; ``apply_java`` SinkRecords."""

    def __init__(self, stage, transformation, predicate=None):
        self.spec = stage.spec
        self.stage = stage
        self.transformation = transformation
        self.predicate = predicate

    def apply(self, record):
        from ..jvm import bridge

        out = self.apply_java(bridge.to_sink_record(record))
        return None if out is None else bridge.from_sink_record(out, record)

    def apply_java(self, sink):
        try:
            if self.predicate is not None and bool(self.predicate.test(sink)) == self.stage.negate:
                return sink
            return self.transformation.apply(sink)
        except Exception as exc:  # a Java exception, as JPype raises it
            raise DataError(f"{_java_name(exc)}: {_java_message(exc)}", alias=self.stage.alias,
                            type_name=self.stage.type_name, location=self.stage.location) from None

    def __repr__(self):
        return f"<JavaStage {self.stage.class_name} {self.stage.alias!r}>"


class KafkaChain(Chain):
    """Connect's TransformationChain over Kafka's stages. A record crosses into Java once and back once, so each
    stage gets what the stage before it made, Java types included (a Cast's int8 stays a Byte, a float32 a Float,
    for the next Cast or MaskField to read as Connect's would)."""

    def apply(self, record):
        from ..jvm import bridge

        sink = bridge.to_sink_record(record)
        for index, stage in enumerate(self.stages):
            try:
                sink = stage.apply_java(sink)
            except DataError:
                if self.errors_tolerance != "all":
                    raise
                self.skipped[index] += 1  # Connect skips the record
                return None
            if sink is None:
                return None
        return bridge.from_sink_record(sink, record)

    _apply_skipping = apply  # the one loop above skips under errors.tolerance=all


def build(spec) -> Chain:
    """Connect's TransformationChain: Kafka's stages, each gated by its predicate as a TransformationStage is;
    every declared predicate is configured, used or not, as Connect does."""
    from ..jvm import bridge
    from ..jvm.classpath import find_kafka

    bridge.start(find_kafka())
    predicates = {item.alias: _configured(item, bridge, item.class_name) for item in spec.predicates}
    return KafkaChain([JavaStage(stage, _configured(stage, bridge, _class_of(stage)),
                                 predicates[stage.predicate.alias] if stage.predicate else None)
                       for stage in spec.stages], "jvm", spec.errors_tolerance)


def _class_of(stage) -> str:
    """The Java class of a stage; smtbench's own transforms and Python classes have none."""
    if stage.family.name == "Custom":
        raise _error(stage, f"{stage.type_name} is a Python class: the jvm backend runs Java classes only")
    if not stage.family.kafka:
        raise _error(stage, f"{stage.family.name} is smtbench's own transform and has no Java twin in-process "
                            "yet: measure it on the python or cython backend")
    return stage.class_name


def _error(item, message, key="type") -> ConfigError:
    """A ConfigError about a stage or a predicate (which has no Python type, only its alias)."""
    return ConfigError(message, key=key, alias=item.alias, type_name=item.type_name, location=item.location)


def _configured(item, bridge, class_name: str):
    """The Java object of a stage or predicate, configured with its settings as Connect strings."""
    try:
        instance = bridge.load_class(class_name)()
    except Exception as exc:
        raise _error(item, f"cannot load {class_name} from Kafka's jars: {_java_message(exc)}") from None
    settings = bridge.java("HashMap")()
    for key, value in item.settings.items():
        settings.put(key, bridge.connect_string(value))
    try:
        instance.configure(settings)
    except Exception as exc:
        found = _CONFIG_KEY.search(_java_message(exc))
        raise _error(item, f"Kafka refused the configuration: {_java_name(exc)}: {_java_message(exc)}",
                     key=(found.group(1) or found.group(2)) if found else None) from None
    return instance


def _java_name(exc) -> str:
    java = getattr(exc, "getClass", None)
    return java().getSimpleName() if java else type(exc).__name__


def _java_message(exc) -> str:
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return str(message) if message is not None else ""


BACKEND = Backend("jvm", order=3, label="Kafka's Java SMTs (jvm)", build=build, unavailable=unavailable, kafka=True)
