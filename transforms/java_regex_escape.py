"""Java regex escapes (``\\d``, ``\\x{..}``, ``\\0157``, ``\\k<name>``, ``\\1``...), read as Pattern.escape reads them.

Mixed into the parser (java_regex_syntax._Parser). ``escape`` gives a code point, or a meta escape: a character
set inside a class, Python text outside.
"""

from __future__ import annotations

from .java_regex_class import (ASCII_DIGIT, ASCII_SPACE, ASCII_WORD, CASE_INSENSITIVE, HORIZONTAL, UNICODE_CASE,
                               VERTICAL, emit_set, escape_char, is_ascii_alpha)

_JAVA_ONLY_ESCAPES = {
    66: ("\\B", "its meaning next to non-ASCII letters depends on the JDK (17: Unicode letters and digits, "
                "19 and later: ASCII \\w); write a lookaround such as (?<![A-Za-z0-9_])"),
    98: ("\\b", "its meaning next to non-ASCII letters depends on the JDK (17: Unicode letters and digits, "
                "19 and later: ASCII \\w); write a lookaround such as (?<![A-Za-z0-9_])"),
    71: ("\\G", "Python's re has no 'end of the previous match' anchor"),
    88: ("\\X", "Python's re has no grapheme clusters"),
    78: ("\\N{name}", "character names differ between Java's and Python's Unicode tables; write \\x{...}"),
}
_ILLEGAL = frozenset(b"CEFIJKLMOPQTUYgijlmopqy")
_NOT_IN_CLASS = frozenset(b"ABGRXZbkz")
_LINE_BREAK = "(?:\\r\\n|[\\n-\\r\\x85\\u2028\\u2029])"  # \R: backtracks into \r alone, as JDK 9+ does


class EscapeParsing:
    def atom(self) -> str:
        ch = self.peek()
        if ch == 92:
            found = self.escape(False, True, False)
            return self.literal(found) if isinstance(found, int) else found
        if ch == 123:  # '{': Java reads an empty atom, which the closure then repeats
            return ""
        self.next()
        return self.literal(ch)

    def literal(self, ch: int) -> str:
        if self.flags & CASE_INSENSITIVE:
            if self.flags & UNICODE_CASE and (ch >= 128 or is_ascii_alpha(ch)):
                raise self.refuse("a letter under (?iu) (Unicode case folding)",
                                  "Java's Unicode case mapping is not Python's; list the cases, as [kK]")
            if is_ascii_alpha(ch):
                return f"[{chr(ch & ~0x20)}{chr(ch | 0x20)}]"
        return escape_char(ch)

    def escape(self, inclass: bool, create: bool, isrange: bool):
        """An escape: a code point (int), or -1 for a meta escape when not ``create``; else a set (in a class)
        or Python text (outside)."""
        at = self.position()
        ch = self.skip()
        if ch == 48:  # \0 octal
            return self.octal()
        if 49 <= ch <= 57:
            if inclass:
                raise self.error("Illegal/unsupported escape sequence")
            return self.ref(ch - 48, at) if create else -1
        if ch in _ILLEGAL or (inclass and ch in _NOT_IN_CLASS):
            raise self.error("Illegal/unsupported escape sequence")
        if ch in _JAVA_ONLY_ESCAPES:
            what, why = _JAVA_ONLY_ESCAPES[ch]
            raise self.refuse(what, why, at)
        simple = {97: 7, 101: 27, 102: 12, 110: 10, 114: 13, 116: 9}.get(ch)  # \a \e \f \n \r \t
        if simple is not None:
            return simple
        if ch == 99:  # \c
            if self.cursor < self.length:
                return self.read() ^ 64
            raise self.error("Illegal control escape sequence")
        if ch == 117:
            return self.unicode()
        if ch == 120:
            return self.hexadecimal()
        if ch == 118 and isrange:  # \v as a range end is VT, as before JDK 8
            return 11
        predicate = {100: (ASCII_DIGIT, False), 68: (ASCII_DIGIT, True), 115: (ASCII_SPACE, False),
                     83: (ASCII_SPACE, True), 119: (ASCII_WORD, False), 87: (ASCII_WORD, True),
                     104: (HORIZONTAL, False), 72: (HORIZONTAL, True), 118: (VERTICAL, False),
                     86: (VERTICAL, True)}.get(ch)
        if predicate is not None:
            if not create:
                return -1
            node = ("py", predicate[0], predicate[1])
            return node if inclass else emit_set(node)
        if ch == 107:  # \k<name>
            if self.read() != 60:
                raise self.error("\\k is not followed by '<' for named capturing group")
            name = self.groupname(self.read())
            if name not in self.names:
                raise self.error(f"named capturing group <{name}> does not exist")
            return self.backref(self.names[name], at) if create else -1
        anchors = {65: "\\A", 122: "\\Z", 82: _LINE_BREAK}  # \A \z \R
        if ch in anchors or ch == 90:
            return (anchors[ch] if ch != 90 else self.dollar(False)) if create else -1
        return ch  # any other character stands for itself

    def octal(self) -> int:
        n = self.read()
        if not 48 <= n <= 55:
            raise self.error("Illegal octal escape sequence")
        m = self.read()
        if 48 <= m <= 55:
            o = self.read()
            if 48 <= o <= 55 and n <= 51:
                return (n - 48) * 64 + (m - 48) * 8 + (o - 48)
            self.unread()
            return (n - 48) * 8 + (m - 48)
        self.unread()
        return n - 48

    def hexadecimal(self) -> int:
        n = self.read()
        if _hex(n) >= 0:
            m = self.read()
            if _hex(m) >= 0:
                return _hex(n) * 16 + _hex(m)
        elif n == 123 and _hex(self.peek()) >= 0:  # \x{h...h}
            value = 0
            while _hex(n := self.read()) >= 0:
                value = value * 16 + _hex(n)
                if value > 0x10FFFF:
                    raise self.error("Hexadecimal codepoint is too big")
            if n != 125:
                raise self.error("Unclosed hexadecimal escape sequence")
            return value
        raise self.error("Illegal hexadecimal escape sequence")

    def unicode(self) -> int:
        n = self._uxxxx()
        if 0xD800 <= n <= 0xDBFF:  # a surrogate pair written as two \u escapes is one code point
            saved = self.cursor
            if self.read() == 92 and self.read() == 117:
                low = self._uxxxx()
                if 0xDC00 <= low <= 0xDFFF:
                    return 0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)
            self.cursor = saved
        return n

    def _uxxxx(self) -> int:
        value = 0
        for _ in range(4):
            digit = _hex(self.read())
            if digit < 0:
                raise self.error("Illegal Unicode escape sequence")
            value = value * 16 + digit
        return value

    def ref(self, group: int, at: int) -> str:
        """``\\n``: the first digit always; more while the number still names a group opened so far."""
        while 48 <= (ch := self.peek()) <= 57 and group * 10 + ch - 48 <= self.groups:
            group = group * 10 + ch - 48
            self.read()
        return self.backref(group, at)

    def backref(self, group: int, at: int) -> str:
        self.mark_unbounded(True)
        self.backrefs.append((group, at))
        if group > self.groups:
            self.forward.append((group, at))
            return "\0"  # resolved in compile(): (?!) if the group never exists
        if group not in self.closed:
            raise self.refuse(f"back-reference \\{group} inside group {group} itself",
                              "Python's re cannot refer to an open group", at)
        if self.flags & CASE_INSENSITIVE:
            if self.flags & UNICODE_CASE:
                raise self.refuse("a back-reference under (?iu) (Unicode case folding)",
                                  "Java's Unicode case mapping is not Python's", at)
            return f"(?i:\\{group})"
        return f"(?:\\{group})"

    def mark_unbounded(self, unbounded: bool) -> None:
        """A back-reference inside a lookbehind: Java refuses it (no obvious maximum length). Other variable
        lengths Python refuses on its own (a lookbehind must have a fixed length there)."""
        if unbounded and self.behind and self.behind[-1][0]:
            self.behind[-1][1] = True

    def groupname(self, ch: int) -> str:
        if not is_ascii_alpha(ch):
            raise self.error("capturing group name does not start with a Latin letter")
        name = []
        while True:
            name.append(chr(ch))
            ch = self.read()
            if not (is_ascii_alpha(ch) or 48 <= ch <= 57):
                break
        if ch != 62:
            raise self.error("named capturing group is missing trailing '>'")
        return "".join(name)


def _hex(ch: int) -> int:
    if 48 <= ch <= 57:
        return ch - 48
    if 65 <= ch <= 70 or 97 <= ch <= 102:
        return (ch | 0x20) - 87
    return -1
