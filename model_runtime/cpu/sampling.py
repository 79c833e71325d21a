"""Next-token selection: greedy, temperature, top-k, top-p, min-p, vLLM's repetition penalty and
OpenAI's presence/frequency penalties."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = -1
    min_p: float = 0.0
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    repetition_penalty: float = 1.0


def apply_penalties(logits: torch.Tensor, counts: Counter[int], params: SamplingParams) -> torch.Tensor:
    """OpenAI's additive penalties, over the tokens generated so far (not the prompt), as in vLLM."""
    if not counts or (params.presence_penalty == 0 and params.frequency_penalty == 0):
        return logits
    ids = torch.tensor(list(counts.keys()), dtype=torch.long)
    freq = torch.tensor(list(counts.values()), dtype=logits.dtype)
    logits = logits.clone()
    logits[ids] -= params.frequency_penalty * freq + params.presence_penalty
    return logits


def apply_repetition_penalty(logits: torch.Tensor, seen: torch.Tensor | None, penalty: float) -> torch.Tensor:
    """vLLM's (and the CTRL paper's) multiplicative penalty over prompt *and* output tokens.

    ``seen`` is a boolean mask over the vocabulary. A seen token's positive logit is divided by the
    penalty and a negative one multiplied, so it always becomes less likely for ``penalty`` > 1.
    """
    if seen is None or penalty == 1.0:
        return logits
    penalized = torch.where(logits > 0, logits / penalty, logits * penalty)
    return torch.where(seen[: logits.numel()], penalized, logits)


def next_token(
    logits: torch.Tensor,
    params: SamplingParams,
    generator: torch.Generator,
    counts: Counter[int],
    seen: torch.Tensor | None = None,
) -> int:
    """Pick the next token id from 1-D ``logits``; temperature 0 means greedy (as in vLLM)."""
    logits = apply_repetition_penalty(logits.float(), seen, params.repetition_penalty)
    logits = apply_penalties(logits, counts, params)
    if params.temperature == 0:
        return int(torch.argmax(logits).item())
    logits = logits / params.temperature
    if params.top_k > 0 and params.top_k < logits.numel():
        kth = torch.topk(logits, params.top_k).values[-1]
        logits = logits.masked_fill(logits < kth, float("-inf"))
    probs = torch.softmax(logits, dim=-1)
    if params.min_p > 0:
        # vLLM's min_p: drop tokens less likely than min_p times the most likely one.
        probs = probs.masked_fill(probs < params.min_p * probs.max(), 0.0)
        probs = probs / probs.sum()
    if params.top_p < 1.0:
        sorted_probs, order = torch.sort(probs, descending=True)
        # Keep the smallest set whose mass reaches top_p; the first token always survives.
        outside = torch.cumsum(sorted_probs, dim=-1) - sorted_probs >= params.top_p
        sorted_probs = sorted_probs.masked_fill(outside, 0.0)
        choice = torch.multinomial(sorted_probs / sorted_probs.sum(), 1, generator=generator)
        return int(order[choice].item())
    return int(torch.multinomial(probs, 1, generator=generator).item())


class NgramBlocker:
    """transformers' ``no_repeat_ngram_size``: never complete an n-gram already in the sequence.

    A per-token penalty cannot stop a small model from repeating a whole line (all its tokens are
    already penalised alike); forbidding long verbatim repeats can. The sequence includes the prompt.
    """

    def __init__(self, size: int, prompt_ids: list[int]) -> None:
        self.size = size
        self._ids: list[int] = []
        self._followers: dict[tuple[int, ...], set[int]] = {}
        for token in prompt_ids:
            self.add(token)

    def add(self, token: int) -> None:
        self._ids.append(token)
        if len(self._ids) >= self.size:
            key = tuple(self._ids[-self.size : -1])
            self._followers.setdefault(key, set()).add(token)

    def banned(self) -> list[int]:
        if len(self._ids) < self.size - 1:
            return []
        key = tuple(self._ids[len(self._ids) - self.size + 1 :]) if self.size > 1 else ()
        return sorted(self._followers.get(key, ()))
