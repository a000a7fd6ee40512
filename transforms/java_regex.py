"""Java regex conventions that Kafka users write: ``(?<name>…)`` groups and ``$1`` / ``${name}`` replacements.

Patterns run on Python's ``re``, which agrees with ``java.util.regex`` on the constructs topic and field
patterns use (classes, groups, anchors, lazy/possessive quantifiers, lookaround); Java-only syntax such as
``\\p{Alpha}`` is rejected at configuration time with the position of the problem.
"""

from __future__ import annotations

import re

from .configdef import TransformConfig


def _python_syntax(pattern: str) -> str:
    """Rewrite Java's named group ``(?<name>`` to Python's ``(?P<name>``, skipping escapes and classes."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # a ']' right after '[' or '[^' is a literal member, not the end of the class
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            if pattern[j:j + 1] == "]":
                out.append(pattern[i:j + 1])
                i = j + 1
                continue
        elif pattern.startswith("(?<", i) and pattern[i + 3:i + 4].isalpha():
            out.append("(?P<")
            i += 3
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def compile_pattern(cfg: TransformConfig, key: str) -> re.Pattern:
    text = cfg.nonempty_string(key)
    try:
        return re.compile(_python_syntax(text))
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise cfg.error(key, f"{key!r} is not a valid regex{where}: {exc.msg} (pattern {text!r})") from None


def parse_replacement(cfg: TransformConfig, key: str, pattern: re.Pattern) -> tuple:
    """Parse a Java replacement (``Matcher.appendReplacement`` rules) into literal strings and group numbers.

    ``\\x`` is a literal ``x``; ``$n`` takes as many digits as still name a group of ``pattern``; ``${name}`` is a
    named group. Java finds a bad reference on the first record; we report it at configuration time.
    """
    text = cfg.string(key)
    parts: list = []
    literal: list[str] = []
    i, n = 0, len(text)

    def bad(why: str):
        return cfg.error(key, f"{key!r} {text!r}: {why} (write a literal $ as \\$)")

    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 == n:
                raise bad("character to be escaped is missing after the trailing \\")
            literal.append(text[i + 1])
            i += 2
            continue
        if ch != "$":
            literal.append(ch)
            i += 1
            continue
        i += 1
        if i == n:
            raise bad("group index is missing after the trailing $")
        if text[i] == "{":
            end = i + 1
            while end < n and (text[end].isascii() and (text[end].isalnum() or text[end] == "_")):
                end += 1
            name = text[i + 1:end]
            if not name:
                raise bad("named group reference ${} has no name")
            if end == n or text[end] != "}":
                raise bad(f"named group reference ${{{name} is missing its closing }}")
            if name not in pattern.groupindex:
                raise bad(f"the regex has no group named {name!r}")
            group = pattern.groupindex[name]
            i = end + 1
        elif "0" <= text[i] <= "9":
            group = ord(text[i]) - 48
            i += 1
            # Java keeps reading digits while the number still names a group: with 3 groups "$12" is $1 then "2"
            while i < n and "0" <= text[i] <= "9" and group * 10 + ord(text[i]) - 48 <= pattern.groups:
                group = group * 10 + ord(text[i]) - 48
                i += 1
            if group > pattern.groups:
                raise bad(f"the regex has no group {group} (it has {pattern.groups})")
        else:
            raise bad(f"illegal group reference ${text[i]}")
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(group)
    if literal or not parts:
        parts.append("".join(literal))
    return tuple(parts)


def expand(parts: tuple, match: re.Match) -> str:
    """The replacement for one match: a group that did not take part adds nothing, as in Java."""
    return "".join(part if part.__class__ is str else (match.group(part) or "") for part in parts)


def python_template(parts: tuple) -> str:
    """The same replacement in ``re.sub`` template syntax (literal backslashes escaped)."""
    return "".join(part.replace("\\", "\\\\") if part.__class__ is str else f"\\g<{part}>" for part in parts)
