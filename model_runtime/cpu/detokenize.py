"""Incremental detokenization with stop strings, so text can stream token by token.

Decoding token ids one at a time is wrong for byte-level BPE (a character may span tokens) and for
SentencePiece (a leading space depends on the previous token), so the whole generated sequence is
decoded after a few prompt tokens of context and only the new, settled text is released. Text that
could still become a stop string is held back until it cannot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PROMPT_CONTEXT_TOKENS = 4
INCOMPLETE_CHAR = "\ufffd"


@dataclass
class Delta:
    text: str
    stop: str | None = None  # the stop string that ended generation, if any


class TextAssembler:
    def __init__(self, tokenizer: Any, prompt_ids: list[int], stops: list[str], healed: str = "") -> None:
        """``healed``: prompt text whose token was taken back (token healing); the client already has
        it, so it is dropped from the start of the generated text."""
        self._tokenizer = tokenizer
        self._healed = healed
        self._context = prompt_ids[-PROMPT_CONTEXT_TOKENS:]
        self._context_text = self._decode(self._context)
        self._ids: list[int] = []
        self._stops = [s for s in stops if s]
        self._sent = 0  # characters of generated text already released
        self.text = ""  # everything released so far

    def _decode(self, ids: list[int]) -> str:
        return str(self._tokenizer.decode(ids, skip_special_tokens=True))

    def _generated_text(self) -> str:
        full = self._decode(self._context + self._ids)
        text = full[len(self._context_text) :] if full.startswith(self._context_text) else full
        if self._healed:
            return text[len(self._healed) :] if text.startswith(self._healed) else ""
        return text

    def add(self, token_id: int) -> Delta:
        self._ids.append(token_id)
        text = self._generated_text()
        if text.endswith(INCOMPLETE_CHAR):
            return Delta("")
        stop, cut = self._find_stop(text)
        if stop is not None:
            return self._release(text[:cut], stop)
        return self._release(text[: len(text) - self._held_back(text)], None)

    def flush(self) -> Delta:
        """Release whatever was held back once generation ended for another reason."""
        return self._release(self._generated_text().rstrip(INCOMPLETE_CHAR), None)

    def _find_stop(self, text: str) -> tuple[str | None, int]:
        best: tuple[str | None, int] = (None, len(text))
        for stop in self._stops:
            index = text.find(stop, max(0, self._sent - len(stop) + 1))
            if index != -1 and index < best[1]:
                best = (stop, index)
        return best

    def _held_back(self, text: str) -> int:
        """Length of the longest tail of ``text`` that is the start of some stop string."""
        longest = min(max((len(s) for s in self._stops), default=1) - 1, len(text) - self._sent)
        for k in range(longest, 0, -1):
            tail = text[-k:]
            if any(s.startswith(tail) for s in self._stops):
                return k
        return 0

    def _release(self, upto: str, stop: str | None) -> Delta:
        delta = upto[self._sent :] if len(upto) > self._sent else ""
        self._sent = max(self._sent, len(upto))
        self.text += delta
        return Delta(delta, stop)
