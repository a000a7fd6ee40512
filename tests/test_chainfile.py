"""chain.yaml loading and validation (bench/input/chainfile.py): every problem names the file and line."""

from pathlib import Path

import pytest

from bench.errors import BenchError
from bench.input.chainfile import load

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "orders.yaml"


def write(tmp_path, text):
    path = tmp_path / "chain.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_loads():
    chain = load(EXAMPLE)
    assert chain.name == "orders-to-warehouse"
    assert chain.messages.schema == EXAMPLE.parent / "order.avsc"  # relative to the chain file
    assert [t["alias"] for t in chain.transforms] == ["rename", "mask", "country", "route"]
    assert chain.line_of("transforms", 1, "pattern") == 11
    assert chain.locate(1, "pattern") == f"{EXAMPLE}:11"  # what parse_chain puts on a ConfigError
    assert chain.locate(1, "nope") == chain.locate(1, None) == f"{EXAMPLE}:11"  # a key it lacks: the transform


VALID = "messages: {schema: s.avsc}\ntransforms: []\n"


@pytest.mark.parametrize("text, line, message", [
    ("transforms: [\n", 2, "not valid YAML"),
    ("transfroms: []\n", 1, "unknown key 'transfroms' in the chain file; did you mean 'transforms'?"),
    ("messages: {schema: s.avsc, cuont: 3}\ntransforms: []\n", 1, "unknown key 'cuont' in messages; did you mean "
                                                                  "'count'?"),
    (VALID + "projection:\n  rates: [1]\n  partitons: 3\n", 5, "did you mean 'partitions'?"),
    ("messages: {schema: s.avsc, count: ten}\ntransforms: []\n", 1, "messages.count must be a whole number"),
    ("messages: {schema: s.avsc}\ntransforms: []\ntransforms: []\n", 3, "duplicate key 'transforms' (first at "
                                                                        "line 2)"),
    ("messages: {schema: s.avsc}\n", 1, "missing 'transforms:'"),
    ("messages: {schema: s.avsc, sample: s.jsonl}\ntransforms: []\n", 1, "exactly one of 'schema:'"),
    ("messages:\n  schema: s.avsc\n  format: protobuf\ntransforms: []\n", 3, "messages.format must be one of"),
    (VALID + "  - just a string\n".replace("  -", "x:"), 3, "unknown key 'x'"),
    ("messages: {schema: s.avsc}\ntransforms:\n  - {type: RegexRouter}\n  - oops\n", 4, "transforms[1] must be a "
                                                                                       "mapping"),
    ("- a\n- b\n", 1, "a chain file is a mapping"),
])
def test_bad_chain_files(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(BenchError) as caught:
        load(path)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_missing_file(tmp_path):
    with pytest.raises(BenchError, match="no such chain file"):
        load(tmp_path / "nope.yaml")
