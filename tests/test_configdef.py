"""Kafka ConfigDef parsing rules (transforms/configdef.py)."""

import pytest

from transforms.configdef import java_trim, to_boolean, to_list, to_string


def test_strings_trim_like_java():
    # String.trim() strips chars <= U+0020 (controls too) and nothing else: a no-break space stays
    assert java_trim("\x00\t a b \n\x1f") == "a b"
    assert java_trim("\u00a0a\u00a0") == "\u00a0a\u00a0"


@pytest.mark.parametrize("raw, expected", [
    ("", []), ("   ", []), ("a", ["a"]), (" a , b,c ", ["a", "b", "c"]), ("a,,b", ["a", "", "b"]),
    ("a,b,", ["a", "b", ""]),  # split(trimmed, -1) keeps the trailing empty entry
    ("a\u00a0,b", ["a\u00a0", "b"]),  # Java's \s is ASCII whitespace only
    (["x ", " y"], ["x", "y"]),
])
def test_lists(raw, expected):
    assert to_list(raw) == expected


@pytest.mark.parametrize("raw, expected", [("true", True), ("FALSE", False), (" True ", True), (True, True)])
def test_booleans(raw, expected):
    assert to_boolean(raw) is expected


def test_bad_boolean():
    with pytest.raises(ValueError):
        to_boolean("yes")


def test_yaml_scalars_become_connect_strings():
    assert (to_string(True), to_string(42), to_string(1.5)) == ("true", "42", "1.5")
    with pytest.raises(TypeError):
        to_string({"a": 1})
