"""How much of a model's context a request may use, for a completion whose client set no limit.

vLLM fills a missing `max_tokens` with the room the prompt leaves (max_model_len - prompt
tokens). The gateway must bound every completion (quotas reserve it up front), so it fills the
field itself: the room left by a conservative estimate of the prompt, capped by the model's
`max_tokens`. Only the runtime knows the exact token count; where the estimate leaves no room,
the field stays unset and the runtime fills the exact room itself (or refuses a prompt that
really does not fit, with its own count).
"""

from __future__ import annotations

import functools
import math
from typing import Any

from gateway.settings import ModelSettings

# A token of a byte-level BPE or byte-fallback SentencePiece tokenizer covers at least one byte, so
# counting one token per byte never underestimates. Averages are higher (CodeLlama ~3.5 bytes, the
# bundled tiny model ~2.5) but dense code goes lower: "x = 1\n" is 1.5 bytes a token on the tiny
# model, and an underestimate is a request the runtime refuses.
BYTES_PER_TOKEN = 1
TEMPLATE_TOKENS = 16  # BOS and the chat template's framing
MESSAGE_TOKENS = 8  # role markers per chat message


@functools.cache
def profile_context(profile: str | None) -> int | None:
    """The profile's max_model_len (what the runtime is started with), None when unknown."""
    if not profile:
        return None
    from model_runtime.profiles import ProfileError, load_profile

    try:
        return load_profile(profile).max_model_len
    except ProfileError:
        return None


def context_length(model: ModelSettings) -> int:
    """The context the model really has: the configured one, bounded by its runtime profile's."""
    return min(model.max_context, profile_context(model.profile) or model.max_context)


def prompt_estimate(body: dict[str, Any]) -> int:
    """Tokens of the prompt as sent upstream, estimated high."""
    messages = body.get("messages")
    if isinstance(messages, list):
        texts = [m.get("content") for m in messages if isinstance(m, dict)]
        framing = TEMPLATE_TOKENS + MESSAGE_TOKENS * len(texts)
    else:
        texts, framing = [body.get("prompt")], TEMPLATE_TOKENS
    size = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts if isinstance(t, str))
    return math.ceil(size / BYTES_PER_TOKEN) + framing


def default_max_tokens(model: ModelSettings, body: dict[str, Any]) -> int | None:
    """The completion limit for a request that set none; None: leave it to the runtime (no room known)."""
    room = context_length(model) - prompt_estimate(body)
    return min(model.max_tokens, room) if room >= 1 else None
