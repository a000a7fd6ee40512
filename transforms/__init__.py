"""smtbench's transform engine: Kafka Connect SMTs, each as a pure-Python twin and a Cython twin.

    from transforms import Record, build_chain
    chain = build_chain([{"type": "ReplaceField$Value", "renames": "order_id:orderId"}], backend="cython")
    chain.apply(Record("orders", {"order_id": 7}))   # Record(topic='orders', value={'orderId': 7}, ...)

``parse_chain`` checks and parses configs once into a ChainSpec; ``build_chain`` takes configs or a ChainSpec;
``transforms.backends`` is the registry of the backends that run them.
"""

from . import backends
from .chain import available_backends, build_chain
from .chainspec import ChainSpec, StageSpec, parse_chain
from .errors import ConfigError, ConfigWarning, DataError, TransformError
from .record import Record
from .registry import type_names

__all__ = [
    "ChainSpec",
    "ConfigError",
    "ConfigWarning",
    "DataError",
    "Record",
    "StageSpec",
    "TransformError",
    "available_backends",
    "backends",
    "build_chain",
    "parse_chain",
    "type_names",
]
