"""Where a chat answer's code block ends: the line that closes the first opened ``` fence.

Chat answers of a code model are one fenced block; anything after its closing fence is the model
rambling on until ``max_tokens`` (small models rarely emit EOS reliably), so the runtime stops there.
"""

from __future__ import annotations

FENCE = "```"


class FenceWatcher:
    """Fed the answer's text as it is produced; reports where the opened fence closed.

    A fence line starts (after indentation) with three backticks. The closing line is a bare
    ```` ``` ```` confirmed by its newline: ```` ```python ```` inside a block is content, not a close.
    """

    def __init__(self) -> None:
        self._text = ""
        self._scanned = 0  # offset of the first line not yet classified
        self._open = False

    def feed(self, delta: str) -> int | None:
        """Append ``delta``; return how many of its characters to keep when the fence closed in it."""
        before = len(self._text)
        self._text += delta
        while (newline := self._text.find("\n", self._scanned)) != -1:
            line = self._text[self._scanned : newline]
            stripped = line.strip()
            if not self._open and stripped.startswith(FENCE):
                self._open = True
            elif self._open and stripped == FENCE:
                close = self._scanned + line.index(FENCE) + len(FENCE)
                return max(0, close - before)
            self._scanned = newline + 1
        return None
