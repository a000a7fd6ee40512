"""smtbench's transform engine: Kafka Connect SMTs, each as a pure-Python twin and a Cython twin.

    from transforms import Record, build_chain
    chain = build_chain([{"type": "ReplaceField$Value", "renames": "order_id:orderId"}], backend="cython")
    chain.apply(Record("orders", {"order_id": 7}))   # Record(topic='orders', value={'orderId': 7}, ...)
"""

from .chain import BACKENDS, available_backends, build_chain
from .errors import ConfigError, ConfigWarning, DataError, TransformError
from .record import Record
from .registry import type_names

__all__ = [
    "BACKENDS",
    "ConfigError",
    "ConfigWarning",
    "DataError",
    "Record",
    "TransformError",
    "available_backends",
    "build_chain",
    "type_names",
]
