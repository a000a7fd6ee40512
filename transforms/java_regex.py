"""Java regexes (``java.util.regex``, JDK 17) and Java replacements (``$1``, ``${name}``) for Python's ``re``.

``compile_pattern`` translates a Java pattern (java_regex_syntax.py: a scanner that reads it as Java's Pattern
does) into a Python pattern with the same meaning, compiled with ``re.ASCII``. A pattern Java refuses is a
ConfigError, as Kafka's configure() throws one; so is a construct Python's ``re`` cannot mean the same way (``\\b``,
``\\p{L}``, ``(?U)``...), named with its position and what to write instead. docs/semantics.md has the table.

``parse_replacement`` reads ``Matcher.appendReplacement``'s syntax once. Java finds a bad reference (``$2`` with
one group, ``${nope}``, a trailing ``$`` or ``\\``) only when a match is replaced, so Kafka accepts the config and
fails each record the regex matches: the twins do the same (a DataError then), and warn at configuration time.
"""

from __future__ import annotations

import re
import re._parser as _sre  # Python's own parse tree of the translated pattern (Python 3.11+)
import warnings
import weakref

from .configdef import TransformConfig
from .java_regex_syntax import JavaRegexError, translate

__all__ = ["JavaRegexError", "can_match_empty", "compile_java", "compile_pattern", "expand", "parse_replacement",
           "python_template", "replace_all", "replacement_parts", "unsafe_groups"]

#: Per compiled pattern, the groups whose capture can differ from Java's (see ``unsafe_groups``).
_UNSAFE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_INDEPENDENT = (_sre.POSSESSIVE_REPEAT, _sre.ATOMIC_GROUP, _sre.ASSERT, _sre.ASSERT_NOT)


def compile_java(text: str) -> re.Pattern:
    """The Python pattern that means what Java means by ``text``; JavaRegexError if Java refuses it or Python's
    ``re`` cannot say the same (``refused`` tells which)."""
    try:
        python, backrefs = translate(text)
    except RecursionError:
        raise JavaRegexError("nests too deeply to translate", 0, True) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled = re.compile(python, re.ASCII)
    except (re.error, OverflowError, RecursionError) as exc:
        why = getattr(exc, "msg", None) or str(exc)
        raise JavaRegexError(f"Python's re cannot express it ({why}); a lookbehind must have a fixed length",
                             0, True) from None
    unsafe = _unsafe(compiled)
    for group, at in backrefs:
        if group in unsafe:
            raise JavaRegexError(f"back-reference \\{group} to a group {_UNSAFE_WHY}", at, True)
    _UNSAFE[compiled] = unsafe
    return compiled


_UNSAFE_WHY = ("inside a possessive quantifier, an atomic group, a lookaround, or a repeated group that can "
               "match the empty string: Java keeps such a capture even after backtracking out of it, or drops "
               "an empty repetition's capture, where Python does not; make the inner group non-capturing (?:...)")


def _unsafe(pattern: re.Pattern) -> frozenset:
    found: set[int] = set()

    def walk(tree, unsafe: bool) -> None:
        for op, av in tree:
            if op is _sre.SUBPATTERN:
                if unsafe and av[0]:
                    found.add(av[0])
                walk(av[3], unsafe)
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
                walk(av[2], unsafe or (av[1] > 1 and av[2].getwidth()[0] == 0))
            elif op in _INDEPENDENT:
                walk(av if op is _sre.ATOMIC_GROUP else av[-1], True)
            elif op is _sre.BRANCH:
                for branch in av[1]:
                    walk(branch, unsafe)

    walk(_sre.parse(pattern.pattern, pattern.flags), False)
    return frozenset(found)


def unsafe_groups(pattern: re.Pattern) -> frozenset:
    """Groups of a compiled Java pattern whose capture may differ from Java's: a group inside a possessive
    quantifier, an atomic group or a lookaround (Java keeps its capture after backtracking out of it), or inside
    a repeated group that can match the empty string (Java drops or keeps an empty repetition's capture where
    Python does the opposite). Matching is the same; only references to these groups are refused."""
    return _UNSAFE.get(pattern, frozenset())


def compile_pattern(cfg: TransformConfig, key: str, *, allow_empty: bool = False) -> re.Pattern:
    """The setting ``key`` as a Java regex. ``allow_empty``: an empty regex is legal (it matches only the empty
    string, as in Java); smtbench's own settings keep refusing it."""
    text = cfg.string(key)
    if text == "" and not allow_empty:
        raise cfg.error(key, f"{key!r} must not be empty")
    try:
        return compile_java(text)
    except JavaRegexError as exc:
        if exc.refused:
            raise cfg.error(key, f"{key!r} {text!r}, position {exc.position}: {exc.message}; or run this chain "
                                 "on the jvm backend") from None
        raise cfg.error(key, f"{key!r} is not a valid regex at position {exc.position}: {exc.message} "
                             f"(pattern {text!r}; Java refuses it too)") from None


def replacement_parts(text: str, pattern: re.Pattern) -> tuple[tuple, str | None]:
    """``(parts, error)``: literal strings and group numbers, or (when Java's Matcher would throw on the first
    match) ``((), why)``. A reference to one of the ``unsafe_groups`` is a JavaRegexError (refused).

    ``\\x`` is a literal ``x``; ``$n`` takes as many digits as still name a group of ``pattern``; ``${name}`` is
    a named group (ASCII letters and digits, not starting with a digit).
    """
    parts: list = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 == n:
                return (), "ends in a \\ with nothing to escape (write a literal \\ as \\\\)"
            literal.append(text[i + 1])
            i += 2
            continue
        if ch != "$":
            literal.append(ch)
            i += 1
            continue
        i += 1
        if i == n:
            return (), "ends in a $ with no group (write a literal $ as \\$)"
        if text[i] == "{":
            end = i + 1
            while end < n and text[end].isascii() and text[end].isalnum():
                end += 1
            name = text[i + 1:end]
            if not name:
                return (), "has ${} with no group name"
            if end == n or text[end] != "}":
                return (), f"has ${{{name} without its closing }} (names are ASCII letters and digits)"
            if name[0].isdigit():
                return (), f"has ${{{name}}}, a group name starting with a digit"
            if name not in pattern.groupindex:
                return (), f"names group {name!r} but the regex has no group of that name"
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
                return (), f"names group {group} but the regex has {pattern.groups}"
        else:
            return (), f"has ${text[i]}, which is no group reference (write a literal $ as \\$)"
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(group)
    if literal or not parts:
        parts.append("".join(literal))
    unsafe = sorted(unsafe_groups(pattern).intersection(part for part in parts if part.__class__ is int))
    if unsafe:
        raise JavaRegexError(f"the reference to group {unsafe[0]} names a group {_UNSAFE_WHY}", 0, True)
    return tuple(parts), None


def parse_replacement(cfg: TransformConfig, key: str, pattern: re.Pattern) -> tuple[tuple, str | None]:
    """The setting ``key`` as a Java replacement for ``pattern``: ``(parts, error)`` as ``replacement_parts``;
    a bad reference warns here (Kafka accepts it, then fails every record the regex matches)."""
    text = cfg.string(key)
    try:
        parts, why = replacement_parts(text, pattern)
    except JavaRegexError as exc:
        raise cfg.error(key, f"{key} {text!r}: {exc.message}; or run this chain on the jvm backend") from None
    if why is not None:
        why = f"{key} {text!r} {why}"
        cfg.warn(key, f"{why}: Kafka fails every record the regex matches")
    return parts, why


def expand(parts: tuple, match: re.Match) -> str:
    """The replacement for one match: a group that did not take part adds nothing, as in Java."""
    return "".join(part if part.__class__ is str else (match.group(part) or "") for part in parts)


def replace_all(pattern: re.Pattern, text: str, parts: tuple) -> tuple[str, int]:
    """Java's ``replaceAll``: (new text, matches). After an empty match Java searches again one character further
    on, where Python's ``sub`` would try a non-empty match at the same place (``|.`` on "ab": Java keeps "ab")."""
    out, last, pos, count = [], 0, 0, 0
    while pos <= len(text):
        match = pattern.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        out += (text[last:start], expand(parts, match))
        last, pos, count = end, end + (end == start), count + 1
    if not count:
        return text, 0
    out.append(text[last:])
    return "".join(out), count


def can_match_empty(pattern: re.Pattern) -> bool:
    """Whether the pattern may match the empty string somewhere (else ``re.sub`` replaces exactly as Java does)."""
    return _sre.parse(pattern.pattern, pattern.flags).getwidth()[0] == 0


def python_template(parts: tuple) -> str:
    """The same replacement in ``re.sub`` template syntax (literal backslashes escaped)."""
    return "".join(part.replace("\\", "\\\\") if part.__class__ is str else f"\\g<{part}>" for part in parts)
