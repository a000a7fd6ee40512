"""Seeded synthetic records from an Avro schema: every type, plausible values, reproducible from the seed.

Field names steer strings and numbers toward what such a field holds (``email`` looks like an address, ``country``
is an ISO code, ``*_id`` is a large id, ``*_at``/``timestamp`` is epoch milliseconds), so that regexes and lookups
in a chain meet data shaped like the real thing.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid

import numpy as np

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_NOW_MS = 1_760_000_000_000  # a fixed "now" (2025-10), so runs are reproducible
_WORDS = ("alpha", "bravo", "delta", "nova", "orbit", "pixel", "quartz", "river", "solar", "tango", "ultra",
          "vivid", "willow", "zephyr", "amber", "cobalt", "ember", "flint", "garnet", "harbor")
_FIRST = ("anna", "ben", "chloe", "david", "emma", "felix", "greta", "hugo", "ines", "jonas", "lena", "marco")
_LAST = ("schmidt", "martin", "rossi", "garcia", "novak", "jansen", "berg", "dubois", "kowalski", "silva")
_DOMAINS = ("example.com", "mail.example.org", "shop.example.net", "corp.example.eu")
_COUNTRIES = ("DE", "FR", "NL", "ES", "IT", "PL", "SE", "AT", "BE", "DK", "IE", "PT", "US", "GB", "CH")
_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "PLN")


class Generator:
    """``Generator(parsed_schema, seed).records(count)``; the schema as ``fastavro.parse_schema`` returns it."""

    def __init__(self, schema, seed: int):
        self.schema = schema
        self.rng = np.random.default_rng(seed)
        self.named: dict = {}
        self._collect_named(schema)

    def _collect_named(self, schema) -> None:
        if isinstance(schema, dict):
            if schema.get("type") in ("record", "enum", "fixed", "error") and "name" in schema:
                self.named[schema["name"]] = schema
            for f in schema.get("fields", ()):
                self._collect_named(f["type"])
            for key in ("items", "values"):
                if key in schema:
                    self._collect_named(schema[key])
        elif isinstance(schema, list):
            for branch in schema:
                self._collect_named(branch)

    def records(self, count: int) -> list:
        return [self.value(self.schema, "", i) for i in range(count)]

    # -- one value --------------------------------------------------------------------------------------------
    def value(self, schema, hint: str, index: int):
        if isinstance(schema, str):
            schema = self.named.get(schema, schema)
        if isinstance(schema, list):
            return self._union(schema, hint, index)
        if isinstance(schema, dict):
            logical = schema.get("logicalType")
            if logical:
                made = self._logical(logical, schema, index)
                if made is not None:
                    return made
            kind = schema["type"]
            if kind in ("record", "error"):
                return {f["name"]: self.value(f["type"], f["name"].lower(), index) for f in schema["fields"]}
            if kind == "enum":
                return schema["symbols"][int(self.rng.integers(len(schema["symbols"])))]
            if kind == "array":
                return [self.value(schema["items"], hint, index) for _ in range(self._length())]
            if kind == "map":
                return {f"{hint or 'k'}{n}": self.value(schema["values"], hint, index) for n in range(self._length())}
            if kind == "fixed":
                return self.rng.bytes(schema["size"])
            return self.value(kind, hint, index)
        return self._primitive(schema, hint, index)

    def _length(self) -> int:
        return int(min(self.rng.poisson(3), 10))

    def _union(self, branches, hint, index):
        non_null = [b for b in branches if b != "null"]
        if "null" in branches and (not non_null or self.rng.random() < 0.1):
            return None
        return self.value(non_null[int(self.rng.integers(len(non_null)))], hint, index)

    def _primitive(self, kind: str, hint: str, index: int):
        rng = self.rng
        if kind == "null":
            return None
        if kind == "boolean":
            return bool(rng.random() < 0.5)
        if kind in ("int", "long"):
            if hint.endswith("id") or hint.endswith("_id"):
                return (10_000_000 + index) if kind == "long" else int(rng.integers(1, 2**31 - 1))
            if kind == "long" and (hint.endswith("_at") or "time" in hint or hint in ("ts", "created", "updated")):
                return _NOW_MS - int(rng.integers(0, 30 * 86_400_000))
            return int(rng.integers(0, 1000 if kind == "int" else 1_000_000))
        if kind in ("float", "double"):
            value = round(float(rng.gamma(2.0, 40.0)), 2)
            return float(np.float32(value)) if kind == "float" else value  # what a 32-bit float reads back as
        if kind == "bytes":
            return rng.bytes(int(rng.integers(4, 33)))
        if kind == "string":
            return self._string(hint, index)
        raise ValueError(f"unsupported Avro type {kind!r}")

    def _pick(self, options):
        return options[int(self.rng.integers(len(options)))]

    def _string(self, hint: str, index: int) -> str:
        if "email" in hint or hint.endswith("mail"):
            return f"{self._pick(_FIRST)}.{self._pick(_LAST)}{int(self.rng.integers(100))}@{self._pick(_DOMAINS)}"
        if "country" in hint:
            return self._pick(_COUNTRIES)
        if "currency" in hint:
            return self._pick(_CURRENCIES)
        if hint in ("name", "customer", "customer_name", "full_name"):
            return f"{self._pick(_FIRST).title()} {self._pick(_LAST).title()}"
        if "uuid" in hint or hint == "id" or hint.endswith("_id"):
            return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))
        if "phone" in hint:
            return "+49 " + "".join(str(d) for d in self.rng.integers(0, 10, 10))
        if "url" in hint:
            return f"https://{self._pick(_DOMAINS)}/{self._pick(_WORDS)}/{int(self.rng.integers(10**6))}"
        words = int(self.rng.integers(1, 4))
        return " ".join(self._pick(_WORDS) for _ in range(words))

    def _logical(self, logical: str, schema: dict, index: int):
        rng = self.rng
        ms = _NOW_MS - int(rng.integers(0, 30 * 86_400_000))
        if logical in ("timestamp-millis", "timestamp-micros"):
            return _EPOCH + dt.timedelta(milliseconds=ms)
        if logical in ("local-timestamp-millis", "local-timestamp-micros"):
            return (_EPOCH + dt.timedelta(milliseconds=ms)).replace(tzinfo=None)
        if logical == "date":
            return (_EPOCH + dt.timedelta(milliseconds=ms)).date()
        if logical in ("time-millis", "time-micros"):
            return (_EPOCH + dt.timedelta(milliseconds=ms)).time()
        if logical == "uuid":
            return uuid.UUID(bytes=rng.bytes(16), version=4)  # as fastavro decodes it
        if logical == "decimal":
            scale = int(schema.get("scale", 0))
            digits = min(int(schema.get("precision", 10)) - scale, 9)
            units = int(rng.integers(0, 10 ** (digits + scale)))
            return decimal.Decimal(units).scaleb(-scale)
        return None  # an unknown logical type: generate the underlying type
