"""Streaming hold-back: split a streamed answer into what may go now and what must wait.

Chat answers: prose is released as it arrives; from the line that opens a code
fence, text is held until the fence closes (or the stream ends), then the block
is judged as a whole. Only a line that *could* still become a fence opener (it
starts with up to three spaces and backticks or tildes) is held back briefly.

Raw completions are all code: they are cut at top-level statement boundaries
(a line starting in column 0 after the first, never inside a multi-line string or a
private key block) so each piece can be judged before release, or held to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# CommonMark: up to 3 spaces of indent; a backtick fence's info string may not hold a backtick,
# a tilde fence's may. The scanner's extraction follows the same rules, so both agree on what is code.
_OPENER = re.compile(r"^ {0,3}(?:(?P<ticks>`{3,})(?P<tick_info>[^`\n]*)|(?P<tildes>~{3,})(?P<tilde_info>[^\n]*))$")
_CLOSER = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}) *$")


@dataclass(frozen=True, slots=True)
class Segment:
    # "code": text of the open block as it arrives (only with `code_segments`); "block": the whole
    # block (fence lines included) once it closes or the answer ends.
    kind: Literal["prose", "block", "code"]
    text: str
    language: str | None = None
    closed: bool = True
    # "code": the open block's fence line and its fence, as they were when this text arrived (one feed can
    # close that block and open another before its segments are handled).
    opener: tuple[str, str] | None = None


def _could_open(partial_line: str) -> bool:
    stripped = partial_line.lstrip(" ")
    if len(partial_line) - len(stripped) > 3:
        return False
    if not stripped:
        return True
    marker = stripped[0]
    if marker not in "`~":
        return False
    run = len(stripped) - len(stripped.lstrip(marker))
    return run == len(stripped) or run >= 3


class FenceSplitter:
    """`code_segments`: also report the text of an open block as it arrives (the lines after its
    opener, the closing fence line included), for statement-wise release; the whole block still
    follows as one "block" segment when it closes."""

    def __init__(self, *, code_segments: bool = False) -> None:
        self._code_segments = code_segments
        self._line = ""  # the current, unfinished line (not yet released)
        self._line_is_prose = False  # part of this line already went out as prose
        self._block: list[str] | None = None  # lines of the open block, fence line first
        self._fence = ""
        self._language: str | None = None

    @property
    def holding(self) -> bool:
        return self._block is not None

    def feed(self, text: str) -> list[Segment]:
        out: list[Segment] = []
        while text:
            newline = text.find("\n")
            if newline < 0:
                self._line += text
                if self._block is None:
                    out.extend(self._release_partial())
                elif self._code_segments:
                    out.append(Segment("code", text, opener=(self._block[0], self._fence)))
                break
            piece, text = text[: newline + 1], text[newline + 1 :]
            self._line += piece
            if self._block is not None and self._code_segments:
                out.append(Segment("code", piece, opener=(self._block[0], self._fence)))
            out.extend(self._complete_line())
        return out

    def finish(self) -> list[Segment]:
        out: list[Segment] = []
        if self._block is not None:
            self._block.append(self._line)
            out.append(Segment("block", "".join(self._block), self._language, closed=False))
            self._block = None
        elif self._line:
            out.append(Segment("prose", self._line))
        self._line = ""
        self._line_is_prose = False
        return out

    def _release_partial(self) -> list[Segment]:
        if self._line_is_prose or not _could_open(self._line):
            segment = Segment("prose", self._line)
            self._line = ""
            self._line_is_prose = True
            return [segment]
        return []

    def _complete_line(self) -> list[Segment]:
        line, self._line = self._line, ""
        was_prose, self._line_is_prose = self._line_is_prose, False
        if self._block is not None:
            self._block.append(line)
            closer = _CLOSER.match(line.rstrip("\r\n"))
            fence = closer.group("fence") if closer else ""
            if fence and fence[0] == self._fence[0] and len(fence) >= len(self._fence):
                segment = Segment("block", "".join(self._block), self._language, closed=True)
                self._block = None
                return [segment]
            return []
        match = None if was_prose else _OPENER.match(line.rstrip("\r\n"))
        if match:
            self._block = [line]
            self._fence = match.group("ticks") or match.group("tildes")
            info = (match.group("tick_info") or match.group("tilde_info") or "").strip()
            self._language = info.split()[0].strip("{}.").lower() if info else None
            return []
        return [Segment("prose", line)]


# A multi-line string is one piece: cut inside it, a credential spread over its lines (a PEM key in
# a triple-quoted string) would be judged a line at a time and never recognised. Bounded quantifiers
# keep the key markers linear on hostile lines.
_TRIPLE_QUOTES = re.compile(r'"""|\'\'\'')
_KEY_OPEN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,20}-----")
_KEY_CLOSE = re.compile(r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY[A-Z ]{0,20}-----")


def open_key_block(line: str) -> int:
    """Where `line` opens a private key block that it does not close; -1 when none stays open."""
    start, end = -1, 0
    for match in _KEY_OPEN.finditer(line):
        start, end = match.start(), match.end()
    return start if start >= 0 and _KEY_CLOSE.search(line, end) is None else -1


def closes_key_block(line: str) -> bool:
    return _KEY_CLOSE.search(line) is not None


# A line starting with one of these continues the statement before it: Python's clauses, the ends
# of shell compound commands (a `for ... do` body is not a statement of its own). A decorator line
# belongs to what it decorates (the line after it starts a new, not a continued, statement).
_KEYWORDS = ("else", "elif", "except", "finally", "fi", "done", "esac", "then", "do")
_CONTINUATION = re.compile(r"(?:" + "|".join(_KEYWORDS) + r")\b|[)\]}.]")
_WORD_SO_FAR = re.compile(r"\w{0,8}")


def _continues(text: str, pos: int) -> bool | None:
    """Whether the line starting at `pos` continues the statement before it; None: not known yet
    (the line so far is the start of a keyword: `el` may still become `else`)."""
    if text[pos].isspace() or _CONTINUATION.match(text, pos):
        return True
    word = _WORD_SO_FAR.match(text, pos)
    if word is not None and word.end() == len(text) and any(k.startswith(word.group()) for k in _KEYWORDS):
        return None
    return False


class StatementSplitter:
    """Raw completions: text up to each top-level statement boundary, then the rest at the end.

    A boundary is a line starting in column 0 (after the first line), except inside an open
    triple-quoted string or private key block: those are never cut.
    """

    def __init__(self, *, starts_at_statement: bool = False) -> None:
        """`starts_at_statement`: the text starts a statement (a chat code block), so the first line
        may be cut off like any other; a raw completion may continue the prompt's last statement."""
        self._pending = ""
        self._seen_line = starts_at_statement
        self._scanned = 0  # offset in `_pending` of the first line whose boundary is not decided
        self._tracked = 0  # offset in `_pending` up to which lines updated the string/key state
        self._quote: str | None = None  # the open triple quote, if any
        self._in_key = False

    def feed(self, text: str) -> list[str]:
        self._pending += text
        out: list[str] = []
        start = 0
        while True:
            newline = self._pending.find("\n", self._scanned)
            if newline < 0:
                break
            if self._tracked <= newline:  # each complete line updates the state once
                self._track(self._pending[self._scanned : newline])
                self._tracked = newline + 1
            if newline + 1 >= len(self._pending):
                break
            inside = self._quote is not None or self._in_key
            continues = _continues(self._pending, newline + 1)
            if continues is None:
                break
            decorated = self._pending.startswith("@", self._scanned)
            if self._seen_line and not inside and not continues and not decorated:
                out.append(self._pending[start : newline + 1])
                start = newline + 1
            self._seen_line = True
            self._scanned = newline + 1
        self._pending = self._pending[start:]
        self._scanned -= start
        self._tracked -= start
        return out

    def finish(self) -> list[str]:
        rest, self._pending = self._pending, ""
        self._scanned = self._tracked = 0
        return [rest] if rest else []

    def _track(self, line: str) -> None:
        self._in_key = not closes_key_block(line) if self._in_key else open_key_block(line) >= 0
        for quote in _TRIPLE_QUOTES.finditer(line):
            if self._quote is None:
                self._quote = quote.group()
            elif quote.group() == self._quote:
                self._quote = None
