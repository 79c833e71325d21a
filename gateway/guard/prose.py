"""Chat prose on its way out of a hold-back stream: released a word at a time, never a credential.

Prose flows as it arrives, but not a token at a time: a credential split across chunks
("ghp_12" + "34...") cannot be recognised in pieces. The gate releases text only up to the
last whitespace it has seen (all of it at the end of a line), so every released piece holds
whole words, and the stream secret-scans each piece together with the line it continues (a
secret's name, `api_secret = `, is on the same line). A private key spans lines: from a
`-----BEGIN ... PRIVATE KEY-----` header, nothing is released until its END line (or the end
of the answer), so the block is judged whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gateway.guard.holdback import closes_key_block, open_key_block
from gateway.scanning.secrets import find_secrets

# How much of the current line, before a piece, is scanned with it: room for a secret's name and
# its assignment, and a bound on the work per piece (a hostile answer may be one long line).
CONTEXT_CHARS = 256
_PEM_HEADER = "-----BEGIN"
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class ProsePiece:
    text: str  # what would go out now
    context: str  # the part of its line already released before it (at most CONTEXT_CHARS)

    def holds_secret(self) -> bool:
        """A credential ends inside this piece (scanned with its line's context)."""
        scanned = self.context + self.text
        return any(match.end > len(self.context) for match in find_secrets(scanned))


def _last_break(text: str) -> int:
    """The offset just after the last whitespace character of `text`, 0 when it has none."""
    for index in range(len(text) - 1, -1, -1):
        if text[index].isspace():
            return index + 1
    return 0


class ProseGate:
    """Feed prose as it streams; each returned piece is what may go out once it is judged.

    Work per call is bounded by the new text and the current line (never the whole answer), so a
    hostile answer of one long line or an endless key block costs linear time.
    """

    def __init__(self) -> None:
        self._held = ""  # prose received and not yet released
        self._line = ""  # the tail of the current line already released (scan context)
        self._examined = 0  # complete lines of `_held` before this offset were checked for key markers
        self._key_from = -1  # where an open private key block starts in `_held`, -1: none open
        self._header_on_line = False  # the unfinished last line of `_held` holds a key header

    def feed(self, text: str) -> list[ProsePiece]:
        """What may go out now: up to the last whitespace, whole lines near a key header."""
        if not text:
            return []
        tail = self._held[-(len(_PEM_HEADER) - 1) :] if self._held else ""
        self._held += text
        self._examine_lines()
        if self._key_from >= 0:  # an open key block: only what precedes its header line may go
            return self._release(self._key_from)
        if self._header_on_line or _PEM_HEADER in tail + text:
            # a key header may still be completing on this line: it goes out with its whole line
            self._header_on_line = True
            return self._release(self._held.rfind("\n") + 1)
        if _WHITESPACE.search(text) is None:  # no new word ended (and no rescan of a long word)
            return []
        return self._release(_last_break(self._held))

    def flush(self) -> list[ProsePiece]:
        """Everything held: the answer (or its prose before a code block) ended."""
        self._key_from = -1
        return self._release(len(self._held))

    def _examine_lines(self) -> None:
        """Track private key blocks over the complete lines not yet examined."""
        while (newline := self._held.find("\n", self._examined)) >= 0:
            line = self._held[self._examined : newline]
            if self._key_from < 0:
                if open_key_block(line) >= 0:
                    self._key_from = self._examined
            elif closes_key_block(line):
                self._key_from = -1
            self._examined = newline + 1
            self._header_on_line = False

    def _release(self, cut: int) -> list[ProsePiece]:
        if cut <= 0:
            return []
        piece, self._held = self._held[:cut], self._held[cut:]
        self._examined = max(0, self._examined - cut)
        if self._key_from >= 0:
            self._key_from -= cut
        released = ProsePiece(piece, self._line)
        line_end = piece.rfind("\n")
        self._line = (self._line + piece if line_end < 0 else piece[line_end + 1 :])[-CONTEXT_CHARS:]
        return [released]
