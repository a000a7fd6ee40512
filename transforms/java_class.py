"""A transform only Kafka's JVM runs: a Kafka built-in smtbench has no twin of yet, or any Java class on the
classpath (``io.debezium.transforms.ExtractNewRecordState``, a team's ``com.acme.MySmt``).

Its settings go to the class as written, and the class validates them, as Connect does. The twin backends refuse
it by name when a chain is built; the jvm backend loads the class.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec

KAFKA_PACKAGE = "org.apache.kafka.connect.transforms."


@dataclass(frozen=True)
class JavaClassSpec(Spec):
    class_name: str  # the binary name the JVM loads


def class_name(type_name: str) -> str:
    """``Cast$Value`` is Kafka's; a dotted name is anyone's, as written."""
    return type_name if "." in type_name else KAFKA_PACKAGE + type_name


def parse(cfg: TransformConfig, on_key: bool) -> JavaClassSpec:
    cfg.keys()  # every setting is the class's to read: none is unknown to smtbench
    return JavaClassSpec(cfg.alias, cfg.type_name, on_key, class_name(cfg.type_name))
