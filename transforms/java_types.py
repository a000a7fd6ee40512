"""Connect's narrower number types, kept apart from Python's int and float as Kafka keeps them apart.

A schemaless record from JsonConverter holds only int64 (Java ``Long``) and float64 (``Double``), which are Python's
``int`` and ``float``. Some transforms make narrower ones: Cast to int8, int16, int32 or float32, InsertField's
partition (an ``Integer``), InsertHeader's parsed literals. Connect's next stage sees the Java type, and some act on
it: ``Cast`` of a float32 to a string prints ``Float.toString`` ("0.1", not the double's "0.10000000149011612");
MaskField narrows its replacement to the field's type; TimestampConverter refuses an Integer. So the twins carry
these values as the subclasses below: each is an int or a float to any other code (arithmetic, comparisons, JSON),
and says which Java type it stands for to the code that must know. A float32 holds the float32-rounded value.
"""

from __future__ import annotations


class _JavaInt(int):
    """An int that stands for a narrower Java integer type; ``bits`` is its width."""

    __slots__ = ()
    bits = 64
    __str__ = int.__repr__

    def __repr__(self):
        return f"{type(self).__name__}({int(self)})"


class Int8(_JavaInt):
    """A Java ``Byte`` (Connect INT8)."""

    __slots__ = ()
    bits = 8


class Int16(_JavaInt):
    """A Java ``Short`` (Connect INT16)."""

    __slots__ = ()
    bits = 16


class Int32(_JavaInt):
    """A Java ``Integer`` (Connect INT32)."""

    __slots__ = ()
    bits = 32


class Float32(float):
    """A Java ``Float`` (Connect FLOAT32), holding the float32-rounded value."""

    __slots__ = ()
    __str__ = float.__repr__

    def __repr__(self):
        return f"Float32({float(self)!r})"


#: Connect's number types -> the class that carries a value of that type (int64 and float64 are Python's own).
BY_NAME = {"int8": Int8, "int16": Int16, "int32": Int32, "int64": int, "float32": Float32, "float64": float}
