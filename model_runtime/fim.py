"""Fill-in-the-middle prompts for models trained for infilling (CodeLlama 7B/13B base and Instruct).

vLLM's ``/v1/completions`` ignores ``suffix``, so the gateway turns a request with ``suffix`` into a
plain completion of an infill prompt and stops on the end-of-infill token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model_runtime.profiles import Profile


@dataclass(frozen=True)
class FimTokens:
    prefix: str = "<PRE>"
    suffix: str = "<SUF>"
    middle: str = "<MID>"
    eot: str = "<EOT>"


@dataclass(frozen=True)
class InfillPrompt:
    prompt: str
    stop: tuple[str, ...]


class FimNotSupportedError(ValueError):
    """The model was not trained for infilling; the gateway answers 400 with this message."""


def build_infill_prompt(profile: Profile, prefix: str, suffix: str) -> InfillPrompt:
    """CodeLlama's prefix-suffix-middle format: ``<PRE> {prefix} <SUF>{suffix} <MID>``, stop ``<EOT>``."""
    tokens = profile.fim
    if tokens is None:
        raise FimNotSupportedError(
            f"model '{profile.served_model_name}' does not support fill-in-the-middle: 'suffix' is only "
            "accepted for models trained for infilling (CodeLlama 7B/13B base and Instruct)"
        )
    prompt = f"{tokens.prefix} {prefix} {tokens.suffix}{suffix} {tokens.middle}"
    return InfillPrompt(prompt=prompt, stop=(tokens.eot,))
