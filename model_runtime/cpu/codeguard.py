"""Two decoding rules for Python a small model writes: a bracket-balance guard and a stop at the end
of the definition being completed. Both read the text with ``PyLexer`` and are switched by the
model's ``generation_config.json`` (see docs/runtime.md).

* ``BracketGuard`` never lets the sampler pick a token that makes the code impossible to parse
  whatever comes next: a closing bracket that does not match the innermost open one (or closes
  nothing), a line break inside a one-line string, or a line at column 0 while brackets are open
  (the model must close them first). It changes which tokens may be picked, never the text of one.
* ``DefinitionEndWatcher`` ends a completion whose prompt ends inside a top-level ``def``/``class``
  at the first line that starts at column 0 outside brackets and strings: that definition is done,
  and what a small model writes after it (a stray closing fence, half a module) is not what was asked.
"""

from __future__ import annotations

from collections import OrderedDict

import torch

from model_runtime.cpu.pylex import CLOSERS, QUOTES, PyLexer, top_level_line

FENCE = "```"
# Characters that can change what a token does to the lexer's state beyond opening brackets.
STRUCTURAL = set(CLOSERS) | set(QUOTES) | {"#", "\\", "\n"}
DEFINITION_STARTS = ("def ", "async def ", "class ", "@")
CACHE_SIZE = 4096


class TokenTable:
    """What the guard needs to know about every token of a vocabulary, computed once per model."""

    def __init__(self, token_texts: list[str], special_ids: set[int]) -> None:
        self.texts = token_texts
        self.structural = [
            i for i, t in enumerate(token_texts) if i not in special_ids and STRUCTURAL.intersection(t)
        ]
        self.ordinary = [i for i, t in enumerate(token_texts) if i not in special_ids and t]
        self._banned: OrderedDict[tuple[object, ...], torch.Tensor] = OrderedDict()

    def banned(self, lexer: PyLexer) -> torch.Tensor:
        """Ids of the tokens that would make a violation from ``lexer``'s state (cached by state)."""
        key = lexer.key()
        cached = self._banned.get(key)
        if cached is not None:
            self._banned.move_to_end(key)
            return cached
        # Outside the column-0-with-open-brackets case, a token without a structural character can
        # only open brackets or sit inside a string or comment: it cannot violate anything.
        at_line_start_in_brackets = lexer.in_code and lexer.line_start and lexer.column == 0 and lexer.stack
        candidates = self.ordinary if at_line_start_in_brackets else self.structural
        banned = []
        for token_id in candidates:
            probe = lexer.copy()
            probe.feed(self.texts[token_id])
            if probe.violation:
                banned.append(token_id)
        result = torch.tensor(banned, dtype=torch.long)
        self._banned[key] = result
        if len(self._banned) > CACHE_SIZE:
            self._banned.popitem(last=False)
        return result


class BracketGuard:
    """Per request: follows the generated tokens and masks those that would break the code.

    In a completion the prompt is the start of the code; in a chat answer the code starts after the
    line that opens a ```` ``` ```` fence. A prompt that already contains a violation (not a clean
    prefix of a Python file) turns the guard off for the request.
    """

    def __init__(self, table: TokenTable, prompt_text: str | None) -> None:
        self._table = table
        self._lexer: PyLexer | None = None
        self._pending_line = ""  # chat: text of the current line until a fence opens
        if prompt_text is not None:
            self._lexer = PyLexer()
            self._lexer.feed(prompt_text)
            if self._lexer.violation:
                self._lexer = None
        self._off = prompt_text is not None and self._lexer is None

    def mask(self, logits: torch.Tensor) -> torch.Tensor:
        if self._lexer is None or self._lexer.violation:
            return logits
        banned = self._table.banned(self._lexer)
        if not len(banned):
            return logits
        masked = logits.index_fill(0, banned, float("-inf"))
        return masked if bool(torch.isfinite(masked).any()) else logits  # never leave nothing to pick

    def add(self, token_id: int) -> None:
        text = self._table.texts[token_id] if token_id < len(self._table.texts) else ""
        if self._lexer is not None:
            self._lexer.feed(text)
            return
        if self._off:
            return
        # Chat: wait for the line that opens the code block; the code starts after it.
        self._pending_line += text
        while "\n" in self._pending_line:
            line, self._pending_line = self._pending_line.split("\n", 1)
            if line.strip().startswith(FENCE):
                self._lexer = PyLexer()
                self._lexer.feed(self._pending_line)
                return


def ends_inside_definition(prompt_text: str) -> bool:
    """Does the prompt stop inside a top-level def/class (its header or body, no blank line after)?"""
    lines = prompt_text.split("\n")
    if not prompt_text.strip() or (len(lines) >= 2 and not lines[-1].strip() and not lines[-2].strip()):
        return False  # a blank line after the definition: the next statement may be what is wanted
    lexer = PyLexer()
    lexer.feed(prompt_text)
    return not lexer.violation and top_level_line(prompt_text).startswith(DEFINITION_STARTS)


class DefinitionEndWatcher:
    """Fed a completion's text as it is released; reports where a new top-level statement begins."""

    def __init__(self, prompt_text: str) -> None:
        self._lexer = PyLexer()
        self._lexer.feed(prompt_text)

    def feed(self, delta: str) -> int | None:
        """How many characters of ``delta`` to keep when the definition ended in it, else None."""
        return self._lexer.feed(delta)
