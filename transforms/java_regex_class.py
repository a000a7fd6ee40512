"""Java character classes (``[...]``, ``\\d``, ``\\p{Alpha}``...) as sets of characters, and their Python form.

Java builds a class as predicates combined by union (nesting, ``[a[b]]``), intersection (``&&``) and negation
(``[^...]`` negates the whole class, nested parts included, since JDK 9). Python's ``re`` has no such algebra, but
one character in A∩B is ``(?=A)B``, in A∪B ``(?:A|B)`` and outside A ``(?!A)(?s:.)``: exact, one code point each.
Case-insensitivity is resolved here, as Java does while parsing (ASCII letters get both cases), so no Python
``(?i)`` is ever needed for a class.

A set is a tuple: ``("py", body, negated)`` (a Python class body), ``("bits", Bits)`` (Java's ``BitClass``, a
mutable set of Latin-1 characters that later characters of the same class still join, even after it was
captured by an ``&&``: emitted only once the class is parsed), ``("or", a, b)``, ``("and", a, b)``, ``("not", a)``.
"""

from __future__ import annotations

CASE_INSENSITIVE, MULTILINE, DOTALL, UNIX_LINES = 0x02, 0x08, 0x20, 0x01
UNICODE_CASE, CANON_EQ, COMMENTS, UNICODE_CHARACTER_CLASS = 0x40, 0x80, 0x04, 0x100

ASCII_DIGIT = "0-9"
ASCII_SPACE = "\\t-\\r\\x20"
ASCII_WORD = "0-9A-Z_a-z"
HORIZONTAL = "\\t\\x20\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"  # Java's \h
VERTICAL = "\\n-\\r\\x85\\u2028\\u2029"  # Java's \v (JDK 8 and later)
# Java's POSIX classes: ASCII only unless (?U) (refused). Under (?i) Lower and Upper mean Alpha.
POSIX = {
    "ASCII": "\\x00-\\x7f", "Alnum": "0-9A-Za-z", "Alpha": "A-Za-z", "Blank": "\\t\\x20",
    "Cntrl": "\\x00-\\x1f\\x7f", "Digit": "0-9", "Graph": "\\x21-\\x7e", "Lower": "a-z", "Print": "\\x20-\\x7e",
    "Punct": "\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e", "Space": "\\t-\\r\\x20", "Upper": "A-Z",
    "XDigit": "0-9A-Fa-f",
}
ANY = "(?s:.)"


def is_ascii_alpha(ch: int) -> bool:
    return 65 <= ch <= 90 or 97 <= ch <= 122


def escape_char(ch: int) -> str:
    """One code point as Python regex text that means exactly that character, inside a class or out."""
    if ch < 128 and (48 <= ch <= 57 or is_ascii_alpha(ch)):
        return chr(ch)
    if ch < 0x100:
        return f"\\x{ch:02x}"
    return f"\\u{ch:04x}" if ch < 0x10000 else f"\\U{ch:08x}"


class Bits:
    """Java's BitClass: Latin-1 characters, added to while the class is parsed."""

    __slots__ = ("chars",)

    def __init__(self):
        self.chars: set[int] = set()

    def add(self, ch: int, case_insensitive: bool) -> None:
        if case_insensitive and is_ascii_alpha(ch):
            self.chars.update((ch | 0x20, ch & ~0x20))
        self.chars.add(ch)


def char_range(lo: int, hi: int, case_insensitive: bool) -> tuple:
    """Java's Range / CIRange (ASCII case folding: a character matches when it or its other case is inside)."""
    body = escape_char(lo) + ("-" + escape_char(hi) if hi > lo else "")
    if case_insensitive:
        extra = sorted({ch ^ 0x20 for ch in range(lo, min(hi, 127) + 1) if is_ascii_alpha(ch)})
        body += "".join(escape_char(ch) for ch in extra)
    return ("py", body, False)


def _simple(node: tuple):
    """(body, negated) when the set is one Python class, else None."""
    kind = node[0]
    if kind == "py":
        return node[1], node[2]
    if kind == "bits":
        return "".join(escape_char(ch) for ch in sorted(node[1].chars)), False
    if kind == "not":
        inner = _simple(node[1])
        return None if inner is None else (inner[0], not inner[1])
    if kind == "or":
        left, right = _simple(node[1]), _simple(node[2])
        if left is not None and right is not None and not left[1] and not right[1]:
            return left[0] + right[0], False
    return None


def emit_set(node: tuple) -> str:
    """Python regex text matching exactly one character of the set."""
    simple = _simple(node)
    if simple is not None:
        body, negated = simple
        if not body:
            return ANY if negated else "(?!)"
        return f"[^{body}]" if negated else f"[{body}]"
    kind = node[0]
    if kind == "or":
        return f"(?:{emit_set(node[1])}|{emit_set(node[2])})"
    if kind == "and":
        return f"(?:(?={emit_set(node[1])}){emit_set(node[2])})"
    return f"(?:(?!{emit_set(node[1])}){ANY})"  # "not"


def union(a, b):
    return ("or", a, b)


class ClassParsing:
    """Java's ``clazz`` / ``range`` / ``family``, mixed into the parser (java_regex_syntax._Parser)."""

    def clazz(self, consume: bool) -> tuple:
        if self.flags & CASE_INSENSITIVE and self.flags & UNICODE_CASE:
            raise self.refuse("a character class under (?iu) (Unicode case folding)",
                              "Java's Unicode case mapping is not Python's; list both cases instead of (?u)")
        prev = curr = None
        bits = Bits()
        is_neg = has_bits = False
        ch = self.next()
        if ch == 94 and self.temp[self.cursor - 1] == 91:  # '^' right after '['
            ch = self.next()
            is_neg = True
        while True:
            if ch == 91:  # '[' a nested class: union
                curr = self.clazz(True)
                prev = curr if prev is None else union(prev, curr)
                ch = self.peek()
                continue
            if ch == 38:  # '&'
                ch = self.next()
                if ch == 38:
                    ch = self.next()
                    right = None
                    while ch != 93 and ch != 38:
                        if ch == 91:
                            part = self.clazz(True)
                        else:
                            self.unread()
                            part = self.clazz(False)
                        right = part if right is None else union(right, part)
                        ch = self.peek()
                    if has_bits:
                        if prev is None:
                            prev = curr = ("bits", bits)
                        else:
                            prev = union(prev, ("bits", bits))
                        has_bits = False
                    if right is not None:
                        curr = right
                    if prev is None:
                        if right is None:
                            raise self.error("Bad class syntax")
                        prev = right
                    else:
                        if curr is None:  # Java builds a predicate that throws NullPointerException when used
                            raise self.refuse("`&&` with nothing on its right after single characters",
                                              "Kafka would fail at apply time; write the class another way")
                        prev = ("and", prev, curr)
                else:
                    self.unread()  # a literal '&'
                    curr = self.range(bits)
                    prev, has_bits = self._joined(prev, curr, has_bits)
                    ch = self.peek()
                continue
            if ch == 0 and self.cursor >= self.length:
                raise self.error("Unclosed character class")
            if ch == 93 and (prev is not None or has_bits):  # ']'
                if consume:
                    self.next()
                if prev is None:
                    prev = ("bits", bits)
                elif has_bits:
                    prev = union(prev, ("bits", bits))
                return ("not", prev) if is_neg else prev
            curr = self.range(bits)
            prev, has_bits = self._joined(prev, curr, has_bits)
            ch = self.peek()

    @staticmethod
    def _joined(prev, curr, has_bits):
        if curr is None:
            return prev, True
        return (curr if prev is None else union(prev, curr)), has_bits

    def range(self, bits: Bits):
        """One member of a class: a character (into ``bits``, returns None), a range, or a predicate."""
        ci = bool(self.flags & CASE_INSENSITIVE)
        ch = self.peek()
        if ch == 92:  # '\\'
            ch = self.next_escaped()
            if ch in (112, 80):  # \p \P
                complement, one_letter = ch == 80, True
                if self.next() != 123:
                    self.unread()
                else:
                    one_letter = False
                return self.family(one_letter, complement)
            is_range = self.temp[self.cursor + 1] == 45
            self.unread()
            ch = self.escape(True, True, is_range)
            if not isinstance(ch, int):
                return ch
        else:
            self.next()
        if self.peek() == 45:  # '-'
            end_range = self.temp[self.cursor + 1]
            if end_range == 91:
                return self._single(bits, ch)
            if end_range != 93:
                self.next()
                m = self.peek()
                if m == 92:
                    m = self.escape(True, False, True)
                    m = m if isinstance(m, int) else -1
                else:
                    self.next()
                if m < ch:
                    raise self.error("Illegal character range")
                return char_range(ch, m, ci)
        return self._single(bits, ch)

    def _single(self, bits: Bits, ch: int):
        if ch < 256:
            bits.add(ch, bool(self.flags & CASE_INSENSITIVE))
            return None
        return ("py", escape_char(ch), False)

    def family(self, single_letter: bool, complement: bool) -> tuple:
        """``\\p{Name}``: Java's POSIX classes are translated; Unicode properties are refused."""
        start = self.position(self.cursor - (1 if single_letter else 2))  # the backslash
        self.next()
        if single_letter:
            name = chr(self.temp[self.cursor])
            self.read()
        else:
            i = self.cursor
            self.temp[self.length] = 125  # '}' stops the scan at the end
            while self.read() != 125:
                pass
            self.temp[self.length] = 0
            j = self.cursor
            if j > self.length:
                raise self.error("Unclosed character family")
            if i + 1 >= j:
                raise self.error("Empty character family")
            name = "".join(map(chr, self.temp[i:j - 1]))
        if name not in POSIX:
            raise self.refuse(f"\\p{{{name}}} (a Unicode property, script or block, or an unknown name)",
                              "Java's Unicode tables are not Python's; write the characters as a class "
                              "such as [a-zA-Z], or use a POSIX class such as \\p{Alpha}", start)
        body = POSIX[name]
        if name in ("Lower", "Upper") and self.flags & CASE_INSENSITIVE:
            body = POSIX["Alpha"]
        return ("py", body, complement)
