"""transforms/java_regex.py: Java's regex (JDK 17 java.util.regex) translated to Python's re, Java replacements.

Each translated construct is pinned by a (pattern, subject, Java's matches()) row; each refused one by its message;
``test_java_agrees`` compares thousands of generated patterns straight with java.util.regex.Pattern (JPype).
"""

from __future__ import annotations

import random
import re

import pytest

import regex_grammar
from transforms.java_regex import (JavaRegexError, compile_java, expand, replace_all, replacement_parts,
                                   unsafe_groups)


def matches(pattern: str, subject: str) -> bool:
    return compile_java(pattern).fullmatch(subject) is not None


@pytest.mark.parametrize("pattern, subject, expected", [
    # . excludes every Java line terminator; (?s) and (?d) change that
    (".", "\r", False), (".", "\u0085", False), (".", "\u2028", False), (".", "\u2029", False), (".", "\n", False),
    (".", "\x0b", True), ("(?s).", "\r", True), ("(?d).", "\r", True), ("(?d).", "\n", False),
    # $ and \Z: the end, or before one final line terminator (\r\n is one); \z: the very end
    ("a$", "a\r", False), ("a$\r", "a\r", True), ("a$\\r\\n", "a\r\n", True), ("a$\\n", "a\n", True),
    ("a\\r$\\n", "a\r\n", False), ("a\\Z\\u2028", "a\u2028", True), ("a\\z\\n", "a\n", False),
    ("a\\Z.?", "ab", False), ("(?d)a$\\r", "a\r", False), ("(?d)a$\\n", "a\n", True),
    # (?m): ^ after any line terminator but not between \r and \n, never at the very end; $ before one
    ("(?m)a\\r^b", "a\rb", True), ("(?m)a\\r^\\nb", "a\r\nb", False), ("(?m)a\\n^", "a\n", False),
    ("(?m)^", "", False), ("(?m)a$\\u0085b", "a\u0085b", True), ("(?m)a\\r$\\nb", "a\r\nb", False),
    ("(?md)a$\\rb", "a\rb", False), ("(?md)a\\n^b", "a\nb", True),
    # ASCII classes and ASCII-only case folding
    ("\\w", "é", False), ("\\d", "٣", False), ("\\s", "\u2028", False), ("\\w", "_", True),
    ("(?i)é", "É", False), ("(?i)k", "\u212a", False), ("(?i)s", "ſ", False), ("(?i)K", "k", True),
    ("(?i)[a-c]", "B", True), ("(?i)[Z-a]", "z", True), ("(?i)[^a]", "A", False), ("(?i)\\p{Lower}", "A", True),
    ("\\p{Lower}", "A", False), ("(?i)\\P{Upper}", "a", False), ("\\p{Punct}", "_", True), ("\\p{Alpha}", "é", False),
    ("\\h", "\u3000", True), ("\\h", "\n", False), ("\\v", "\x0b", True), ("\\v", "\u2028", True), ("\\V", "\n", False),
    ("\\R", "\r\n", True), ("\\R\\n", "\r\n", True), ("\\R", "\u0085", True), ("\\H", "a", True),
    # escapes
    ("\\0157", "o", True), ("\\0400", " 0", True), ("\\x{6f}", "o", True), ("\\x6f", "o", True), ("\\u006f", "o", True),
    ("\\ud83d\\ude00", "\U0001f600", True), ("\\cJ", "\n", True), ("\\e\\a", "\x1b\x07", True), ("\\é", "é", True),
    ("\\Qa.b\\E", "a.b", True), ("\\Qa.b\\E", "axb", False), ("\\Qa\\b", "a\\b", True), ("\\Q1\\E", "1", True),
    ("[\\Q]-\\E]", "-", True),
    # classes: nesting is union, && intersection, [^...] negates the whole class
    ("[a-z&&[^e]]", "e", False), ("[a-z&&[^e]]", "f", True), ("[[a-z]-]", "-", True), ("[^a[b]]", "b", False),
    ("[a[^b]]", "c", True), ("[a-[b]]", "-", True), ("[]a]", "]", True), ("[a-]", "-", True), ("[\\d-z]", "-", True),
    ("[a&&b]", "a", False), ("[ab&&]", "b", True), ("[&&ab]", "a", True), ("[a&&[b]&c]", "c", True),
    ("[a-z\\d&&]", "a", False), ("[\\v-\\x0c]", "\x0b", True), ("[\\w&&[^_]]", "_", False),
    # quantifiers, groups, back-references, flags anywhere
    ("{2}a", "a", True), ("a{2}{3}", "aa", True), ("a*+a", "aa", False), ("(?>a*)a", "aa", False),
    ("a(?i)b", "aB", True), ("a(?i)b|c", "C", True), ("(?i:a)b", "AB", False), ("(a(?i)b)c", "aBC", False),
    ("(a)\\1", "aa", True), ("(a)\\2", "aa", False), ("(a)\\12", "aa2", True), ("(?<n>a)\\k<n>", "aa", True),
    ("(?i)(a)\\1", "aA", True), ("(?<=a)b", "b", False), ("a(?<=a)b", "ab", True), ("(?)a(?-)", "a", True),
    ("(?x) a b # c\n", "ab", True), ("(?x)[a b]", " ", False), ("(?x)a\\ b", "a b", True), ("(?x)a{1, 2}", "aa", True),
    ("(?x)a#b", "a", True), ("", "", True), ("", "a", False), ("a|", "", True), ("(?u)k", "k", True),
])
def test_translated_constructs_mean_what_java_means(pattern, subject, expected):
    assert matches(pattern, subject) is expected


@pytest.mark.parametrize("pattern, why", [
    ("a\\bb", "depends on the JDK"), ("\\B", "depends on the JDK"), ("\\G", "previous match"),
    ("\\X", "grapheme"), ("\\N{LATIN SMALL LETTER A}", "character names"), ("\\p{L}", "Unicode property"),
    ("\\p{IsAlphabetic}", "Unicode property"), ("\\p{javaLowerCase}", "Unicode property"), ("\\pL", "\\p{L}"),
    ("(?U)a", "(?U)"), ("(?c)a", "canonical equivalence"), ("(?iu)k", "(?iu)"), ("(?iu)[a]", "(?iu)"),
    ("(?iu)(a)\\1", "(?iu)"), ("(?<=a+)b", "fixed length"), ("(?<=a|bc)d", "fixed length"),
    ("(?<=\\R)b", "fixed"),
    ("(a\\1)", "open group"), ("\\1(a)", "later group"), ("(?=(a))\\1", "possessive quantifier"),
    ("(a|())*\\2", "possessive quantifier"), ("[a-z b&&]", "nothing on its right"),
])
def test_refused_constructs_name_the_reason(pattern, why):
    with pytest.raises(JavaRegexError) as caught:
        compile_java(pattern)
    assert caught.value.refused and why in caught.value.message


@pytest.mark.parametrize("pattern, message", [
    ("(?<my_name>a)", "missing trailing '>'"), ("(?P<n>a)", "Unknown inline modifier"), ("(?<1>a)", "Latin letter"),
    ("a**", "Dangling meta character '*'"), ("*a", "Dangling"), ("a{x}", "Illegal repetition"), ("x{,3}", "Illegal rep"),
    ("a{3,2}", "Illegal repetition range"), ("a{2", "Unclosed counted closure"), ("(a", "Unclosed group"),
    ("a)", "Unmatched closing ')'"), ("[a", "Unclosed character class"), ("[&&]", "Bad class syntax"),
    ("[z-a]", "Illegal character range"), ("\\y", "Illegal/unsupported escape"), ("a\\E", "Illegal/unsupported"),
    ("[\\b]", "Illegal/unsupported"), ("[\\1]", "Illegal/unsupported"), ("a\\", "Unexpected internal error"),
    ("\\08", "Illegal octal"), ("\\xg", "Illegal hexadecimal"), ("\\x{110000}", "too big"), ("\\u12", "Unicode"),
    ("\\k<nope>", "does not exist"), ("\\ka", "not followed by '<'"), ("(?<a>x)(?<a>y)", "already defined"),
    ("(?$a)", "Unknown group type"), ("(?q)", "Unknown inline modifier"), ("\\p{}", "Empty character family"),
    ("\\p{Alpha", "Unclosed character family"), ("(a)(?<=\\1)b", "obvious maximum length"), ("a{99999999999}", "range"),
])
def test_patterns_java_refuses_are_errors(pattern, message):
    with pytest.raises(JavaRegexError) as caught:
        compile_java(pattern)
    assert not caught.value.refused and message in caught.value.message


def test_group_names_and_numbers_are_javas():
    compiled = compile_java("(?<env>[a-z]+)\\.(?:x)(?<name>.*)")
    assert compiled.groups == 2 and compiled.groupindex == {"env": 1, "name": 2}


def test_unsafe_groups_are_the_ones_java_captures_differently():
    assert unsafe_groups(compile_java("(a)(?:(b)|c)++(?=(d))(?>(e))(f?)*(g)")) == {2, 3, 4, 5}


@pytest.mark.parametrize("replacement, groups, expected", [
    ("$1-$0", "(a)", ("a-a",)), ("\\$1\\\\", "(a)", ("$1\\",)), ("$12", "(a)", ("a2",)), ("${n}", "(?<n>a)", ("a",)),
    ("$11", "(a)" * 11, ("a",)), ("", "a", ("",)),
])
def test_replacements_read_like_matcher_append_replacement(replacement, groups, expected):
    pattern = compile_java(groups)
    parts, why = replacement_parts(replacement, pattern)
    assert why is None and (expand(parts, pattern.match("a" * 11)),) == expected


@pytest.mark.parametrize("replacement, why", [
    ("$2", "names group 2 but the regex has 1"), ("${nope}", "no group of that name"), ("x$", "ends in a $"),
    ("x\\", "ends in a \\"), ("$x", "no group reference"), ("${}", "no group name"), ("${a_b}", "without its closing"),
    ("${0a}", "starting with a digit"),
])
def test_bad_replacements_are_found_without_raising(replacement, why):
    parts, found = replacement_parts(replacement, compile_java("(a)"))
    assert parts == () and why in found


def test_replace_all_moves_on_after_an_empty_match_as_java_does():
    pattern = compile_java("|.")
    assert replace_all(pattern, "ab", ("-",)) == ("-a-b-", 3)
    assert re.sub(pattern, "-", "ab") == "-----"  # Python's own sub also replaces a and b: Java's rule is needed
    assert replace_all(compile_java("x*"), "abxd", ("-",))[0] == "-a-b--d-"


# --- straight against java.util.regex.Pattern ----------------------------------------------------------------

CASES = 6000  # patterns from the construct grammar, each with SUBJECTS inputs and a replacement
NOISE = 3000  # random strings of metacharacters: mostly patterns Java refuses
SUBJECTS = 6


def _java():
    from conftest import backend_or_skip

    backend_or_skip("jvm")
    import jpype

    from transforms.jvm import bridge
    from transforms.jvm.classpath import find_kafka

    bridge.start(find_kafka())
    return jpype, jpype.JClass("java.util.regex.Pattern"), jpype.JClass("java.util.regex.PatternSyntaxException")


def _java_outcomes(jpype, compiled, subjects, replacement):
    out = []
    for subject in subjects:
        matcher = compiled.matcher(jpype.JString(subject))
        groups = None
        if matcher.matches():
            groups = tuple(None if matcher.group(i) is None else str(matcher.group(i))
                           for i in range(matcher.groupCount() + 1))
        replaced = []
        for method in ("replaceFirst", "replaceAll"):
            try:
                replaced.append(str(getattr(compiled.matcher(jpype.JString(subject)), method)(replacement)))
            except jpype.JException:
                replaced.append("error")
        out.append((groups, *replaced))
    return out


def _python_outcomes(compiled, subjects, replacement):
    unsafe = unsafe_groups(compiled)
    try:
        parts, why = replacement_parts(replacement, compiled)
    except JavaRegexError:  # a reference to an unsafe group: refused, not compared
        parts, why = None, None
    out = []
    for subject in subjects:
        whole = compiled.fullmatch(subject)
        groups = None if whole is None else tuple("?" if i in unsafe else whole.group(i)
                                                  for i in range(compiled.groups + 1))
        first = compiled.search(subject)
        if parts is None:
            replaced = ["?", "?"]
        elif why is not None:
            replaced = ["error", "error"] if first else [subject, subject]
        else:
            replaced = [subject if first is None else
                        subject[:first.start()] + expand(parts, first) + subject[first.end():],
                        replace_all(compiled, subject, parts)[0]]
        out.append((groups, *replaced))
    return out


def _masked(java, python):
    """Java's outcomes with what smtbench refuses to compare (unsafe groups, refused replacements) masked."""
    return [(None if j[0] is None or p[0] is None else tuple("?" if q == "?" else x for x, q in zip(j[0], p[0])),
             *(q if q == "?" else x for x, q in zip(j[1:], p[1:]))) for j, p in zip(java, python)]


def test_java_agrees():
    jpype, Pattern, PatternSyntaxException = _java()
    rng = random.Random(20260101)
    tally, mismatches = {"compared": 0, "java refuses": 0, "smtbench refuses": 0, "matches": 0}, []
    for index in range(CASES + NOISE):
        pattern = regex_grammar.pattern(rng) if index < CASES else regex_grammar.noise(rng)
        replacement = regex_grammar.replacement(rng)
        subjects = [regex_grammar.subject(rng) for _ in range(SUBJECTS)]
        try:
            java = Pattern.compile(jpype.JString(pattern))
        except PatternSyntaxException:
            java = None
        try:
            python = compile_java(pattern)
        except JavaRegexError as exc:
            if java is not None and not exc.refused:
                mismatches.append((pattern, "smtbench calls it a Java error; Java compiles it", exc.message))
            tally["java refuses" if java is None else "smtbench refuses"] += 1
            continue
        if java is None:
            mismatches.append((pattern, "Java refuses it; smtbench compiles it", python.pattern))
            continue
        theirs = _java_outcomes(jpype, java, subjects, jpype.JString(replacement))
        ours = _python_outcomes(python, subjects, replacement)
        tally["compared"] += 1
        tally["matches"] += sum(outcome[0] is not None for outcome in theirs)
        if _masked(theirs, ours) != ours:
            mismatches.append((pattern, replacement, [(s, j, p) for s, j, p in zip(subjects, theirs, ours) if j != p]))
    print(f"java.util.regex vs smtbench: {tally}")
    assert not mismatches, "\n".join(map(repr, mismatches[:10]))
    assert tally["compared"] > CASES * 0.8 and tally["matches"] > CASES // 2 and tally["java refuses"] > NOISE // 2
