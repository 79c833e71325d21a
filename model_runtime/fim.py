"""Fill-in-the-middle prompts for models trained for infilling (CodeLlama 7B/13B base and Instruct).

vLLM's ``/v1/completions`` ignores ``suffix``, so the gateway turns a request with ``suffix`` into a
plain completion of an infill prompt and stops on the end-of-infill token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


class InfillModel(Protocol):
    """What infilling needs of a model (a `profiles.Profile` is one): its FIM tokens and name.

    A protocol rather than `Profile` itself, so this module does not import profiles.py,
    which imports `FimTokens` from here."""

    @property
    def served_model_name(self) -> str: ...

    @property
    def fim(self) -> FimTokens | None: ...


class FimNotSupportedError(ValueError):
    """The model was not trained for infilling; the gateway answers 400 with this message."""


def build_infill_prompt(profile: InfillModel, prefix: str, suffix: str) -> InfillPrompt:
    """CodeLlama's prefix-suffix-middle format: ``<PRE> {prefix} <SUF>{suffix} <MID>``, stop ``<EOT>``."""
    tokens = profile.fim
    if tokens is None:
        raise FimNotSupportedError(
            f"model '{profile.served_model_name}' does not support fill-in-the-middle: 'suffix' is only "
            "accepted for models trained for infilling (CodeLlama 7B/13B base and Instruct)"
        )
    prompt = f"{tokens.prefix} {prefix} {tokens.suffix}{suffix} {tokens.middle}"
    return InfillPrompt(prompt=prompt, stop=(tokens.eot,))
