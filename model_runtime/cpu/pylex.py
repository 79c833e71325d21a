"""Lexical state of Python source read as it is generated: open brackets, strings, comments, lines.

Just enough of Python's tokenizer to know, after any prefix of a file, which brackets are open and
whether the text is inside a string or a comment. It reads text in pieces of any size (a token may
end in the middle of ``\"\"\"``), never raises on bad input, and records the first *violation*: text
that cannot be part of valid Python whatever follows it. The decoding rules in
``model_runtime.cpu.codeguard`` are built on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")": "(", "]": "[", "}": "{"}
QUOTES = "'\""
WHITESPACE = " \t\f\r"


@dataclass
class PyLexer:
    stack: list[str] = field(default_factory=list)  # open brackets, innermost last
    quote: str = ""  # the quote character of the open string, "" in code
    triple: bool = False
    opening: int = 0  # quotes seen at the start of a string with nothing after them yet (1 or 2)
    closing: int = 0  # quotes seen in a row inside a triple-quoted string
    escape: bool = False  # the previous character was a backslash (in a string, or in code)
    comment: bool = False
    line_start: bool = True  # nothing but indentation seen on the current logical line
    column: int = 0  # indentation width so far when ``line_start``
    violation: str = ""  # the first impossible construct seen, "" if none

    def copy(self) -> PyLexer:
        return PyLexer(
            list(self.stack), self.quote, self.triple, self.opening, self.closing, self.escape, self.comment,
            self.line_start, self.column, self.violation,
        )

    def key(self) -> tuple[object, ...]:
        """Everything a few more characters can depend on (the stack only through its top)."""
        return (
            tuple(self.stack[-8:]), min(len(self.stack), 9), self.quote, self.triple, self.opening,
            self.closing, self.escape, self.comment, self.line_start, min(self.column, 1), bool(self.violation),
        )

    @property
    def in_code(self) -> bool:
        return not self.quote and not self.comment

    def feed(self, text: str) -> int | None:
        """Read ``text``; return the offset in it of the first character of a logical line that
        starts at column 0 outside brackets (a new top-level statement), or None."""
        top_level_at: int | None = None
        for i, char in enumerate(text):
            if self._char(char) and top_level_at is None:
                top_level_at = i
        return top_level_at

    def _char(self, char: str) -> bool:
        """Advance by one character; True when it begins a top-level statement at column 0."""
        if self.quote:
            return self._string_char(char)
        if self.comment:
            if char == "\n":
                self.comment = False
                self._newline()
            return False
        if self.escape:  # a backslash continues the logical line over a newline
            self.escape = False
            if char == "\n":
                return False
        if char == "\n":
            self._newline()
            return False
        if self.line_start and char in WHITESPACE:
            self.column += 1
            return False
        starts_line = self.line_start
        self.line_start = False
        if starts_line and self.column == 0 and self.stack and char not in CLOSERS and char != "#":
            self._violate("a line at column 0 inside open brackets")
        if char == "#":
            self.comment = True
        elif char == "\\":
            self.escape = True
        elif char in QUOTES:
            self.quote, self.triple, self.opening, self.closing = char, False, 1, 0
        elif char in OPENERS:
            self.stack.append(char)
        elif char in CLOSERS:
            if self.stack and self.stack[-1] == CLOSERS[char]:
                self.stack.pop()
            else:
                self._violate(f"{char!r} does not close the innermost open bracket")
        return starts_line and self.column == 0 and not self.stack and char != "#"

    def _string_char(self, char: str) -> bool:
        if self.opening == 1 and char == self.quote:
            self.opening = 2  # "" so far: an empty string or the start of a triple-quoted one
            return False
        if self.opening == 2:
            self.opening = 0
            if char == self.quote:
                self.triple = True
                return False
            self.quote = ""  # it was the empty string; the character is code
            return self._char(char)
        self.opening = 0
        if self.escape:
            self.escape = False
            return False
        if char == "\\":
            self.escape = True
            self.closing = 0
            return False
        if self.triple:
            self.closing = self.closing + 1 if char == self.quote else 0
            if self.closing == 3:
                self.quote, self.triple, self.closing = "", False, 0
            return False
        if char == self.quote:
            self.quote = ""
        elif char == "\n":
            self._violate("a line break inside a one-line string")
            self.quote = ""
            self._newline()
        return False

    def _newline(self) -> None:
        self.line_start, self.column = True, 0

    def _violate(self, what: str) -> None:
        if not self.violation:
            self.violation = what


def top_level_line(text: str) -> str:
    """The start (up to 16 characters) of the last logical line of ``text`` that begins at column 0
    outside brackets and strings."""
    lexer = PyLexer()
    start: int | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        at = lexer.feed(line)
        if at is not None:
            start = offset + at
        offset += len(line)
    return text[start : start + 16] if start is not None else ""
