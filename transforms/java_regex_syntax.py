"""Java's regex syntax (``java.util.regex.Pattern``, JDK 17) read as Java reads it, written out as Python ``re``.

The scanner follows Pattern's own recursive descent (``expr`` / ``sequence`` / ``atom`` / ``escape`` / ``closure``
/ ``group0``, ``\\Q…\\E`` removed first, ``(?x)`` whitespace skipped where Java skips it), so that it refuses what
Java refuses (a ``JavaRegexError`` with ``refused=False``) and reads everything else with Java's meaning. Each
construct becomes Python text with that meaning, compiled with ``re.ASCII``; a construct Python cannot mean the
same way is refused (``refused=True``). The table of both is in docs/semantics.md ("Java regex").
"""

from __future__ import annotations

from .java_regex_class import (CANON_EQ, CASE_INSENSITIVE, COMMENTS, DOTALL, MULTILINE, UNICODE_CASE,
                               UNICODE_CHARACTER_CLASS, UNIX_LINES, ClassParsing, emit_set)
from .java_regex_escape import EscapeParsing
from .java_regex_scan import JavaRegexError, Scanner

__all__ = ["JavaRegexError", "translate"]

_FLAGS = {105: CASE_INSENSITIVE, 109: MULTILINE, 115: DOTALL, 100: UNIX_LINES, 117: UNICODE_CASE, 99: CANON_EQ,
          120: COMMENTS, 85: UNICODE_CHARACTER_CLASS | UNICODE_CASE}  # i m s d u c x U
_TERMINATORS = "\\n\\r\\x85\\u2028\\u2029"


class _Parser(Scanner, EscapeParsing, ClassParsing):
    def __init__(self, pattern: str):
        super().__init__(pattern)
        self.groups = 0  # capturing groups opened so far
        self.closed: set[int] = set()
        self.names: dict[str, int] = {}
        self.behind: list[list] = []  # lookaround nesting: [is_lookbehind, unbounded]
        self.forward: list[tuple[int, int]] = []  # references to groups not opened yet: (group, position)
        self.backrefs: list[tuple[int, int]] = []  # every back-reference: (group, position)

    # --- the grammar
    def compile(self) -> str:
        out = self.expr()
        if self.cursor != self.length:
            raise self.error("Unmatched closing ')'" if self.peek() == 41 else "Unexpected internal error")
        for group, at in self.forward:
            if group <= self.groups:
                raise self.refuse(f"back-reference \\{group} before group {group} is defined",
                                  "Python's re cannot refer to a later group; move the reference after it", at)
        return out.replace("\0", "(?!)")  # references to groups that never exist never match, as in Java

    def expr(self) -> str:
        branches = [self.sequence()]
        while self.peek() == 124:  # '|'
            self.next()
            branches.append(self.sequence())
        return "|".join(branches)

    def sequence(self) -> str:
        out = []
        while True:
            ch = self.peek()
            if ch == 40:  # '('
                node = self.group0()
                if node is not None:
                    out.append(node)
                continue
            if ch == 91:  # '['
                node = emit_set(self.clazz(True))
            elif ch == 92:  # '\\'
                ch = self.next_escaped()
                if ch in (112, 80):  # \p \P
                    one_letter = True
                    if self.next() != 123:
                        self.unread()
                    else:
                        one_letter = False
                    node = emit_set(self.family(one_letter, ch == 80))
                else:
                    self.unread()
                    node = self.atom()
            elif ch == 94:  # '^'
                self.next()
                node = self.caret()
            elif ch == 36:  # '$'
                self.next()
                node = self.dollar(bool(self.flags & MULTILINE))
            elif ch == 46:  # '.'
                self.next()
                node = "(?s:.)" if self.flags & DOTALL else "[^\\n]" if self.flags & UNIX_LINES else \
                    f"[^{_TERMINATORS}]"
            elif ch in (124, 41):  # '|' ')'
                break
            elif ch in (63, 42, 43):  # '?' '*' '+'
                self.next()
                raise self.error(f"Dangling meta character '{chr(ch)}'")
            elif ch == 0 and self.cursor >= self.length:
                break
            else:
                node = self.atom()
            out.append(self.closure(node))
        return "".join(out)

    def caret(self) -> str:
        if not self.flags & MULTILINE:
            return "\\A"
        if self.flags & UNIX_LINES:
            return "(?!\\Z)(?<![^\\n])"
        # after a line terminator but not between \r and \n, and never at the very end (Java's Caret)
        return f"(?!\\Z)(?<![^{_TERMINATORS}])(?!(?<=\\r)\\n)"

    def dollar(self, multiline: bool) -> str:
        if self.flags & UNIX_LINES:
            return "(?=\\n|\\Z)" if multiline else "(?=\\n?\\Z)"
        if multiline:
            return "(?=[\\r\\x85\\u2028\\u2029]|(?<!\\r)\\n|\\Z)"
        # the end, or before one final line terminator (\r\n counting as one)
        return "(?=(?:\\r\\n|(?<!\\r)\\n|[\\r\\x85\\u2028\\u2029])?\\Z)"

    def group0(self):
        save = self.flags
        number = None
        ch = self.next()
        if ch == 63:  # '?'
            ch = self.skip()
            if ch in (58, 61, 33, 62):  # (?: (?= (?! (?>
                lookahead = ch in (61, 33)  # Java measures no lookahead inside a lookbehind
                if lookahead:
                    self.behind.append([False, False])
                body = self.expr()
                if lookahead:
                    self.behind.pop()
                head = {58: "(?:", 61: "(?=", 33: "(?!", 62: "(?>"}[ch] + body + ")"
            elif ch == 60:  # '<'
                ch = self.read()
                if ch not in (61, 33):
                    name = self.groupname(ch)
                    if name in self.names:
                        raise self.error(f"Named capturing group <{name}> is already defined")
                    self.groups += 1
                    number = self.names[name] = self.groups
                    head = f"(?P<{name}>{self.expr()})"
                else:
                    self.behind.append([True, False])
                    body = self.expr()
                    if self.behind.pop()[1]:  # Java measures it: a back-reference has no maximum length
                        raise self.error("Look-behind group does not have an obvious maximum length")
                    head = ("(?<=" if ch == 61 else "(?<!") + body + ")"
            elif ch in (36, 64):  # '$' '@'
                raise self.error("Unknown group type")
            else:
                self.unread()
                self.add_flags()
                ch = self.read()
                if ch == 41:
                    return None  # (?flags): the rest of the enclosing group
                if ch != 58:
                    raise self.error("Unknown inline modifier")
                head = f"(?:{self.expr()})"
        else:
            self.groups += 1
            number = self.groups
            head = f"({self.expr()})"
        if self.read() != 41:  # Java's accept(')')
            raise self.error("Unclosed group")
        self.flags = save
        if number is not None:
            self.closed.add(number)
        return self.closure(head)

    def add_flags(self) -> None:
        at, on, ch = self.position(), True, self.peek()
        while ch in _FLAGS or (ch == 45 and on):  # '-' once
            if ch == 45:
                on = False
            elif on:
                self.flags |= _FLAGS[ch]
            else:
                self.flags &= ~_FLAGS[ch]
            ch = self.next()
        if self.flags & UNICODE_CHARACTER_CLASS:
            raise self.refuse("(?U) (Unicode character classes)",
                              "Java's Unicode tables are not Python's; write the characters as a class", at)
        if self.flags & CANON_EQ:
            raise self.refuse("(?c) (canonical equivalence)", "Python's re has no Unicode normalisation", at)

    def closure(self, node: str) -> str:
        ch = self.peek()
        if ch in (63, 42, 43):  # ? * +
            quantifier = chr(ch)
        elif ch == 123:  # {
            ch = self.skip()
            if not 48 <= ch <= 57:
                raise self.error("Illegal repetition")
            low, ch = self._number(ch)
            high = low
            if ch == 44:  # ','
                ch = self.read()
                high = None if ch == 125 else -1
                if high is not None:
                    high, ch = self._number(ch)
            if ch != 125:
                raise self.error("Unclosed counted closure")
            if high is not None and high < low:
                raise self.error("Illegal repetition range")
            self.unread()
            quantifier = f"{{{low},{'' if high is None else high}}}"
        else:
            return node
        ch = self.next()
        if ch in (63, 43):  # lazy or possessive
            self.next()
            quantifier += chr(ch)
        return f"(?:{node}){quantifier}"

    def _number(self, ch: int) -> tuple[int, int]:
        """Digits from ``ch`` on (none: 0), and the character after them."""
        value = 0
        while 48 <= ch <= 57:
            value = value * 10 + ch - 48
            if value > 0x7FFFFFFF:
                raise self.error("Illegal repetition range")
            ch = self.read()
        return value, ch


def translate(pattern: str) -> tuple[str, list[tuple[int, int]]]:
    """The Python ``re`` text (for ``re.ASCII``) with the meaning Java gives ``pattern``, and its back-references
    as (group, position); JavaRegexError if Java refuses the pattern or Python cannot mean the same."""
    parser = _Parser(pattern)
    return parser.compile(), parser.backrefs
