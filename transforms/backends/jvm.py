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
    """One Kafka Transformation, configured, applied to Records."""

    def __init__(self, stage, transformation):
        self.spec = stage.spec
        self.stage = stage
        self.transformation = transformation

    def apply(self, record):
        from ..jvm import bridge

        try:
            out = self.transformation.apply(bridge.to_sink_record(record))
        except Exception as exc:  # a Java exception, as JPype raises it
            raise DataError(f"{_java_name(exc)}: {_java_message(exc)}", alias=self.stage.alias,
                            type_name=self.stage.type_name, location=self.stage.location) from None
        return None if out is None else bridge.from_sink_record(out, record)

    def __repr__(self):
        return f"<JavaStage {self.stage.class_name} {self.stage.alias!r}>"


def build(spec) -> Chain:
    """Connect's TransformationChain for a chain without predicates is chain_py's loop over Kafka's stages."""
    from ..jvm import bridge
    from ..jvm.classpath import find_kafka

    bridge.start(find_kafka())
    return Chain([_configured(stage, bridge) for stage in spec.stages], "jvm")


def _configured(stage, bridge) -> JavaStage:
    def error(message, key="type"):
        return ConfigError(message, key=key, alias=stage.alias, type_name=stage.type_name, location=stage.location)

    if stage.family.name == "Custom":
        raise error(f"{stage.type_name} is a Python class: the jvm backend runs Java classes only")
    if not stage.family.kafka:
        raise error(f"{stage.family.name} is smtbench's own transform and has no Java twin yet: measure it on "
                    "the python or cython backend")
    try:
        transformation = bridge.load_class(stage.class_name)()
    except Exception as exc:
        raise error(f"cannot load {stage.class_name} from Kafka's jars: {_java_message(exc)}") from None
    settings = bridge.java("HashMap")()
    for key, value in stage.settings.items():
        settings.put(key, bridge.connect_string(value))
    try:
        transformation.configure(settings)
    except Exception as exc:
        found = _CONFIG_KEY.search(_java_message(exc))
        raise error(f"Kafka refused the configuration: {_java_name(exc)}: {_java_message(exc)}",
                    key=(found.group(1) or found.group(2)) if found else None) from None
    return JavaStage(stage, transformation)


def _java_name(exc) -> str:
    java = getattr(exc, "getClass", None)
    return java().getSimpleName() if java else type(exc).__name__


def _java_message(exc) -> str:
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    return str(message) if message is not None else ""


BACKEND = Backend("jvm", order=3, label="Kafka's Java SMTs (jvm)", build=build, unavailable=unavailable, kafka=True)
