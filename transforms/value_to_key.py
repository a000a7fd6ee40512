"""ValueToKey — configuration shared by both twins (value_to_key_py.py, value_to_key_c.pyx).

Kafka: ``ValueToKey.java`` (4.3). Schemaless behaviour: the record key is replaced by a new map holding the named
fields of the value map; a field the value lacks is null in the key. The value must be a map: a tombstone (null
value) is an error too, unlike most map transforms. The old key is dropped whatever it was.

Configuration as Kafka checks it (``ConfigDef.ValidList``): ``fields`` is required and not empty, no entry may be
empty (``"a,"``), and a name given twice counts once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .configdef import TransformConfig
from .spec import Spec


@dataclass(frozen=True)
class ValueToKeySpec(Spec):
    purpose = "copying fields from value to key"

    fields: tuple  # distinct, in the configured order
    replace_null_with_default: bool = True  # Kafka's setting for Structs with defaults: no effect without a schema

    def value_not_a_map(self, found: object):
        # Kafka: "Only Map objects supported in absence of schema for [copying fields from value to key], found: .."
        what = "a tombstone (null)" if found is None else type(found).__name__
        return self.data_error(f"only maps are supported without a schema for [{self.purpose}], found {what} as "
                               "the record value")


def parse(cfg: TransformConfig, on_key: bool) -> ValueToKeySpec:
    cfg.raw("fields")  # required
    fields = cfg.list("fields", empty_entries=False)
    if not fields:
        raise cfg.error("fields", "'fields' must name at least one value field")
    return ValueToKeySpec(alias=cfg.alias, type_name=cfg.type_name, on_key=False, fields=tuple(dict.fromkeys(fields)),
                          replace_null_with_default=cfg.boolean("replace.null.with.default", True))
