"""A seeded grammar of Java regex constructs, subjects full of the characters Java and Python read differently,
and Java replacements: what the differential tests (test_java_regex.py, test_regex_router.py) feed to Java's
``java.util.regex`` and to smtbench's translation.
"""

from __future__ import annotations

import random

#: Characters where Java and Python disagree (line terminators, non-ASCII case and digits, ``_``), and plain ones.
TRICKY = ["\r", "\n", "\u0085", "\u2028", "\u2029", "\x0b", "\t", " ", "é", "É", "ß", "K", "k", "\u212a", "ſ", "s",
          "S", "İ", "i", "I", "٣", "²", "_", "-", ".", "0", "7"]
PLAIN = list("abcAB-_.0")

_LITERALS = ["a", "b", "c", "A", "k", "s", "i", "é", "ß", "_", "-", "0", "7", "\\.", "\\-", "\\$", "\\\\", " ",
             "\\t", "\\n", "\\r", "\\u00e9", "\\x41", "\\x{6b}", "\\0141", "\\07", "\\cJ", "\\e", "\\Q.a\\E",
             "\\Q\\E", "\u212a", "İ", "٣", "ſ", "]", "}", "\\u0085", "\\u2028"]
_ESCAPES = ["\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\h", "\\H", "\\v", "\\V", "\\R", "\\p{Alpha}", "\\p{Lower}",
            "\\P{Upper}", "\\p{Punct}", "\\p{Space}", "\\p{XDigit}", "\\p{ASCII}", "\\p{Alnum}", "\\pL", "\\b",
            "\\p{IsLatin}", "\\X", "\\G"]
_ANCHORS = ["^", "$", "\\A", "\\z", "\\Z"]
_CLASSES = ["[abc]", "[^a-c]", "[a-z&&[^e]]", "[[a-c]x]", "[\\d\\s]", "[\\w&&[^_]]", "[a-]", "[]a]", "[^]a]",
            "[a-z&&[^aeiou]&&[^xyz]]", "[^a[b]]", "[a[^b]]", "[\\p{Alpha}&&\\p{Lower}]", "[\\h\\v]", "[A-Z]",
            "[\\x00-\\x1f]", "[é-ü]", "[_\\-.]", "[k-s]", "[^\\n]", "[.]", "[\\Q]-\\E]", "[a&&b&&c]", "[a&&[b]c]",
            "[\\v-\\x0c]", "[ab&&]", "[&&ab]", "[\\D&&\\S]", "[^\\W_]", "[a-c[x-z]&&[^by]]", "[Z-a]",
            "[\\u00e0-\\u00ff]"]
_FLAGS = ["(?i)", "(?-i)", "(?m)", "(?s)", "(?d)", "(?x)", "(?is)", "(?u)", "(?iu)", "(?U)", "(?-m)", "(?)"]
_SNIPPETS = ["(?x) a # c\n b", "(?x)[ a-c ]", "(?x)a {1, 2}", "(?x)\\ ", "(?x)# note\n", "(?x:a b)", "(?m)^",
             "(?m)$", "(?md)$", "(?md)^", "(?d)$", "(?s).", "\\Qa.b", "\\Qa\\b\\E", "\\Q\\E\\Q1\\E", "(?i)[k-s]",
             "(?i)\\p{Upper}", "(?x)\\0 1 4 1", "(?x)\\c J", "[\\u0041-\\u005a&&[^\\x4b]]", "(?i)(a)\\1",
             "(?<g9>a)\\k<g9>", "(a)\\11", "\\R{2}", "\\Z\\z", "(?x)[^ ]", "(?i)[^k]", "(?-x: )"]
_BROKEN = ["(", ")", "[", "[a", "*a", "a{x}", "\\y", "(?<1a>b)", "(?P<a>b)", "a{3,2}", "\\k<zz>", "(?<a_b>c)",
           "\\x{110000}", "\\u12", "(?<=a+b*)", "[z-a]", "\\", "a{,2}", "(?q)", "\\p{Nope}", "[&&]", "\\0"]


class _Pattern:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.groups = 0
        self.names: list[str] = []

    def expr(self, depth: int) -> str:
        rng = self.rng
        branches = [self.sequence(depth) for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3))]
        return "|".join(branches)

    def sequence(self, depth: int) -> str:
        return "".join(self.piece(depth) for _ in range(self.rng.randint(0, 3)))

    def piece(self, depth: int) -> str:
        atom = self.atom(depth)
        rng = self.rng
        if rng.random() < 0.35 and not atom.startswith("(?i)"):
            quantifier = rng.choice(["?", "*", "+", "{2}", "{1,3}", "{0,1}", "{2,}", "{0}"])
            atom += quantifier + rng.choice(["", "", "", "?", "+"])
        return atom

    def atom(self, depth: int) -> str:
        rng = self.rng
        pick = rng.random()
        if pick < 0.3:
            return rng.choice(_LITERALS)
        if pick < 0.38:
            return "."
        if pick < 0.48:
            return rng.choice(_CLASSES)
        if pick < 0.56:
            return rng.choice(_ESCAPES)
        if pick < 0.62:
            return rng.choice(_ANCHORS)
        if pick < 0.67:
            return rng.choice(_FLAGS)
        if pick < 0.7:
            return self.backref()
        if pick < 0.71:
            return rng.choice(_BROKEN)
        if pick < 0.76:
            return rng.choice(_SNIPPETS)
        if depth <= 0:
            return rng.choice(_LITERALS)
        return self.group(depth - 1)

    def backref(self) -> str:
        rng = self.rng
        if self.names and rng.random() < 0.4:
            return f"\\k<{rng.choice(self.names)}>"
        return f"\\{rng.randint(1, max(self.groups, 1) + 1)}"

    def group(self, depth: int) -> str:
        rng = self.rng
        kind = rng.choice(["(", "(", "(?:", "(?<n>", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i:", "(?-i:", "(?s:",
                           "(?x:"])
        if kind == "(":
            self.groups += 1
        elif kind == "(?<n>":
            self.groups += 1
            name = f"g{len(self.names)}"
            self.names.append(name)
            kind = f"(?<{name}>"
        if kind in ("(?<=", "(?<!"):  # mostly fixed width, so that Python can take them
            body = rng.choice(["a", "\\d", "[ab]", "a|b", "ab|cd", "\\r\\n", ".", "(?i)a", "\\.", "$", "^"])
        else:
            body = self.expr(depth)
        return kind + body + ")"


def pattern(rng: random.Random, depth: int = 2) -> str:
    """A Java regex from the grammar (sometimes one Java refuses, sometimes one smtbench refuses)."""
    return _Pattern(rng).expr(depth)


def subject(rng: random.Random, max_size: int = 5) -> str:
    """A string of plain and tricky characters."""
    return "".join(rng.choice(TRICKY if rng.random() < 0.4 else PLAIN) for _ in range(rng.randint(0, max_size)))


def replacement(rng: random.Random) -> str:
    """A Java replacement: literals, $n, ${name}, escapes, and sometimes a bad reference."""
    pieces = ["x", "-", "$0", "$1", "$2", "$12", "${g0}", "${g1}", "\\$", "\\\\", "é", "$", "\\", "${nope}",
              "$x", "${0a}", "${}", "${g0", "[", "]"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))


_NOISE = list("()[]{}?*+|^$.\\-&:=!<>,0123abcdkpQExuPi# \n") + ["\\Q", "\\E", "(?", "(?<", "[^", "&&", "\\p{", "}",
                                                                   "\\x{", "\\k<", "(?x)", "(?i)"]


def noise(rng: random.Random) -> str:
    """A short random string of regex metacharacters: most are patterns Java refuses."""
    return "".join(rng.choice(_NOISE) for _ in range(rng.randint(1, 12)))
