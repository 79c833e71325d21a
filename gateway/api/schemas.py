"""Request bodies of the OpenAI-compatible API, validated strictly.

Unknown fields are rejected (vLLM would accept and ignore them: a typo such as
`max_token` silently changes behaviour), types are exact, and the semantic checks
msgspec cannot express live in `validate_*`.
"""

from __future__ import annotations

import re
from typing import Literal, TypeVar

import msgspec

from gateway.errors import APIError, bad_request


class StreamOptions(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    include_usage: bool = False


class TextPart(msgspec.Struct, forbid_unknown_fields=True, tag_field="type", tag="text"):
    text: str


class ChatMessage(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    role: Literal["system", "user", "assistant"]
    content: str | list[TextPart] | None = None
    name: str | None = None

    def text(self) -> str:
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text for part in self.content)


Stop = str | list[str] | None


class _Sampling(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    model: str
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    n: int = 1
    stream: bool = False
    stream_options: StreamOptions | None = None
    stop: Stop = None
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    # vLLM's extra sampling parameters (the runtime's generation_config.json sets their defaults)
    repetition_penalty: float | None = None
    min_p: float | None = None
    user: str | None = None


class ChatCompletionRequest(_Sampling, kw_only=True):
    messages: list[ChatMessage]
    max_completion_tokens: int | None = None


class CompletionRequest(_Sampling, kw_only=True):
    prompt: str | list[str]
    suffix: str | None = None
    echo: bool = False


T = TypeVar("T")

_AT_PATH = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_UNKNOWN_FIELD = re.compile(r"unknown field `(?P<field>[^`]*)`")


def _param_from(message: str) -> tuple[str, str | None]:
    """msgspec says "Expected `int`, got `str` - at `$.n`"; split off the field path."""
    match = _AT_PATH.search(message)
    path = match.group("path") if match else ""
    text = message[: match.start()] if match else message
    unknown = _UNKNOWN_FIELD.search(text)
    if unknown:
        field = unknown.group("field")
        param = f"{path}.{field}" if path else field
        return f"Unrecognized request argument supplied: '{param}'.", param
    if path:
        text = f"Invalid value for '{path}': {text}."
    return text, path or None


_chat_decoder = msgspec.json.Decoder(ChatCompletionRequest)
_completion_decoder = msgspec.json.Decoder(CompletionRequest)

# OpenAI's request fields (chat and completions). Clients send some of them as an explicit `null`
# meaning "not set" (LangChain's OpenAI class always sends `logprobs`, `seed`, ...): a null here is
# the field's default. A value for one Sluice does not support, and any field OpenAI does not
# have, stays refused. The fields the request itself needs are not in the list: null is an error.
OPENAI_FIELDS = frozenset({
    "audio", "best_of", "echo", "frequency_penalty", "function_call", "functions", "logit_bias", "logprobs",
    "max_completion_tokens", "max_tokens", "metadata", "modalities", "n", "parallel_tool_calls", "prediction",
    "presence_penalty", "prompt_cache_key", "reasoning_effort", "response_format", "safety_identifier", "seed",
    "service_tier", "stop", "store", "stream", "stream_options", "suffix", "temperature", "tool_choice", "tools",
    "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
})
# Fields of a message OpenAI's SDKs may send back as null (an assistant reply passed on as is).
OPENAI_MESSAGE_FIELDS = frozenset({"audio", "function_call", "name", "refusal", "tool_calls"})


def _without_nulls(data: object) -> object:
    """The body with explicit nulls of known OpenAI fields removed (top level and messages)."""
    if not isinstance(data, dict):
        return data
    out = {k: v for k, v in data.items() if not (v is None and k in OPENAI_FIELDS)}
    messages = out.get("messages")
    if isinstance(messages, list):
        out["messages"] = [
            {k: v for k, v in m.items() if not (v is None and k in OPENAI_MESSAGE_FIELDS)} if isinstance(m, dict) else m
            for m in messages
        ]
    return out


def _decode(decoder: msgspec.json.Decoder[T], body: bytes) -> T:
    if not body.strip():
        raise bad_request("The request body is empty; expected a JSON object.", code="invalid_json")
    try:
        return decoder.decode(body)
    except msgspec.ValidationError as exc:
        error = exc
    except msgspec.DecodeError as exc:
        raise bad_request(f"The request body is not valid JSON: {exc}", code="invalid_json") from None
    if b"null" in body:  # the slow path only for bodies that may hold explicit nulls
        try:
            return msgspec.convert(_without_nulls(msgspec.json.decode(body)), decoder.type)
        except msgspec.ValidationError as exc:
            error = exc
    message, param = _param_from(str(error))
    raise bad_request(message, param=param, code="invalid_value") from None


def decode_chat(body: bytes) -> ChatCompletionRequest:
    return _decode(_chat_decoder, body)


def decode_completion(body: bytes) -> CompletionRequest:
    return _decode(_completion_decoder, body)


def _check_sampling(req: _Sampling, *, max_tokens_limit: int, max_n: int) -> None:
    if req.n < 1:
        raise bad_request("'n' must be at least 1.", param="n", code="invalid_value")
    if req.n > max_n:
        raise bad_request(
            f"'n' = {req.n} is not allowed for this model (at most {max_n}).", param="n", code="invalid_value"
        )
    if req.temperature is not None and not 0.0 <= req.temperature <= 2.0:
        raise bad_request("'temperature' must be between 0 and 2.", param="temperature", code="invalid_value")
    if req.top_p is not None and not 0.0 < req.top_p <= 1.0:
        raise bad_request("'top_p' must be in (0, 1].", param="top_p", code="invalid_value")
    if req.repetition_penalty is not None and not 0.0 < req.repetition_penalty <= 2.0:
        raise bad_request("'repetition_penalty' must be in (0, 2].", param="repetition_penalty", code="invalid_value")
    if req.min_p is not None and not 0.0 <= req.min_p <= 1.0:
        raise bad_request("'min_p' must be between 0 and 1.", param="min_p", code="invalid_value")
    if req.stream_options is not None and not req.stream:
        raise bad_request(
            "'stream_options' is only allowed when 'stream' is true.", param="stream_options", code="invalid_value"
        )
    stops = [req.stop] if isinstance(req.stop, str) else (req.stop or [])
    if len(stops) > 4 or any(not s for s in stops):
        raise bad_request("'stop' takes at most 4 non-empty strings.", param="stop", code="invalid_value")


def _check_max_tokens(value: int | None, param: str, limit: int) -> None:
    if value is None:
        return
    if value < 1:
        raise bad_request(f"'{param}' must be at least 1.", param=param, code="invalid_value")
    if value > limit:
        raise APIError(
            400,
            f"'{param}' = {value} exceeds this model's limit of {limit} tokens.",
            param=param,
            code="context_length_exceeded",
        )


def validate_chat(req: ChatCompletionRequest, *, max_tokens_limit: int, max_n: int) -> None:
    if not req.messages:
        raise bad_request("'messages' must contain at least one message.", param="messages", code="invalid_value")
    for i, message in enumerate(req.messages):
        if message.role != "assistant" and not message.text():
            raise bad_request(
                f"Message {i} ({message.role}) has empty content.", param=f"messages[{i}].content", code="invalid_value"
            )
    _check_sampling(req, max_tokens_limit=max_tokens_limit, max_n=max_n)
    _check_max_tokens(req.max_tokens, "max_tokens", max_tokens_limit)
    _check_max_tokens(req.max_completion_tokens, "max_completion_tokens", max_tokens_limit)


def validate_completion(req: CompletionRequest, *, max_tokens_limit: int, max_n: int) -> None:
    if isinstance(req.prompt, list):
        if len(req.prompt) != 1:
            raise bad_request(
                "Batched prompts are not supported; send one prompt per request.", param="prompt", code="invalid_value"
            )
    if not prompt_of(req):
        raise bad_request("'prompt' must not be empty.", param="prompt", code="invalid_value")
    _check_sampling(req, max_tokens_limit=max_tokens_limit, max_n=max_n)
    _check_max_tokens(req.max_tokens, "max_tokens", max_tokens_limit)


def prompt_of(req: CompletionRequest) -> str:
    if isinstance(req.prompt, list):
        return req.prompt[0] if req.prompt else ""
    return req.prompt


def chat_prompt_text(req: ChatCompletionRequest) -> str:
    """The prompt as one text, for audit and the input guard."""
    return "\n".join(f"{m.role}: {m.text()}" for m in req.messages)
