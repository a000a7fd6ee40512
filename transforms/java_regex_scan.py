"""The scanner under the Java regex translator: Java's ``\\Q…\\E`` removal and Java's cursor over code points.

``peek`` / ``read`` / ``next`` skip whitespace and ``#`` comments under ``(?x)`` exactly where Java's do (inside
classes too); ``next_escaped`` / ``skip`` do not. The code points end in zeros, as Java's ``temp`` array does.
"""

from __future__ import annotations

from .java_regex_class import COMMENTS as COMMENTS_FLAG, UNIX_LINES, is_ascii_alpha


class JavaRegexError(Exception):
    """A pattern Java refuses (``refused=False``), or one Python cannot mean the same way (``refused=True``)."""

    def __init__(self, message: str, position: int, refused: bool):
        super().__init__(message)
        self.message, self.position, self.refused = message, position, refused


def _is_space(ch: int) -> bool:
    return ch == 32 or 9 <= ch <= 13


def remove_qe_quoting(pattern: str) -> tuple[list[int], list[int]]:
    """Java's RemoveQEQuoting: ``\\Q…\\E`` becomes escaped characters; also where each comes from."""
    temp = [ord(c) for c in pattern]
    n, i = len(temp), 0
    while i < n - 1:
        if temp[i] != 92:
            i += 1
        elif temp[i + 1] != 81:
            i += 2
        else:
            break
    if i >= n - 1:
        return temp, list(range(n))
    out, origin = temp[:i], list(range(i))
    i += 2
    in_quote = begin_quote = True
    while i < n:
        at, c = i, temp[i]
        i += 1
        if c >= 128 or is_ascii_alpha(c):
            emitted = [c]
        elif 48 <= c <= 57:
            emitted = [92, 120, 51, c] if begin_quote else [c]  # \x3N: no digit joins an escape before \Q
        elif c != 92:
            emitted = [92, c] if in_quote else [c]
        elif in_quote:
            if i < n and temp[i] == 69:
                i += 1
                in_quote, emitted = False, []
            else:
                emitted = [92, 92]
        elif i < n and temp[i] == 81:
            i += 1
            in_quote = begin_quote = True
            continue
        else:
            emitted = [c] + ([temp[i]] if i != n else [])
            i += 1 if i != n else 0
        out += emitted
        origin += [at] * len(emitted)
        begin_quote = False
    return out, origin


class Scanner:
    def __init__(self, pattern: str):
        temp, self.origin = remove_qe_quoting(pattern)
        self.source_length = len(pattern)
        self.length = len(temp)
        self.temp = temp + [0] * 4
        self.cursor = self.flags = 0

    # --- Java's cursor: peek/read/next skip whitespace and comments under (?x); the *_escaped ones do not
    def position(self, at: int | None = None) -> int:
        at = self.cursor if at is None else at
        return self.origin[at] if 0 <= at < self.length else self.source_length

    def error(self, message: str) -> JavaRegexError:
        return JavaRegexError(message, self.position(self.cursor - 1), False)

    def refuse(self, what: str, fix: str, at: int | None = None) -> JavaRegexError:
        return JavaRegexError(f"{what}: {fix}", self.position(self.cursor - 1) if at is None else at, True)

    def _past_space(self, ch: int, advance_first: bool) -> int:
        while _is_space(ch) or ch == 35:
            while _is_space(ch):
                ch = self._step(advance_first)
            if ch == 35:  # '#' comment to the end of the line
                ch = self._step(advance_first)
                while ch != 0 and not self._line_separator(ch):
                    ch = self._step(advance_first)
                if ch == 0 and self.cursor > self.length:
                    self.cursor = self.length
                    ch = self.temp[self.cursor]
                    self.cursor += not advance_first
        return ch

    def _step(self, advance_first: bool) -> int:
        if advance_first:  # peek mode: the cursor stays on the character returned
            self.cursor += 1
            return self.temp[self.cursor]
        ch = self.temp[self.cursor]
        self.cursor += 1
        return ch

    def _line_separator(self, ch: int) -> bool:
        if self.flags & UNIX_LINES:
            return ch == 10
        return ch in (10, 13, 0x85, 0x2028, 0x2029)

    def peek(self) -> int:
        ch = self.temp[self.cursor]
        return self._past_space(ch, True) if self.flags & COMMENTS_FLAG else ch

    def read(self) -> int:
        ch = self.temp[self.cursor]
        self.cursor += 1
        return self._past_space(ch, False) if self.flags & COMMENTS_FLAG else ch

    def next(self) -> int:
        self.cursor += 1
        return self.peek()

    def next_escaped(self) -> int:
        self.cursor += 1
        return self.temp[self.cursor]

    def skip(self) -> int:
        ch = self.temp[self.cursor + 1]
        self.cursor += 2
        return ch

    def unread(self) -> None:
        self.cursor -= 1
