"""Validation of OpenAI-style request bodies into plain dataclasses.

Like vLLM, unknown fields are accepted and ignored (strict validation is the gateway's job); fields
this runtime cannot honour are refused with a 400 instead of being silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from model_runtime.cpu.sampling import SamplingParams


class RequestError(ValueError):
    def __init__(
        self, message: str, param: str | None = None, status: int = 400, error_type: str = "BadRequestError"
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.status = status
        self.error_type = error_type

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.error_type,
                "param": self.param,
                "code": self.status,
            }
        }


@dataclass
class CommonParams:
    model: str | None
    max_tokens: int | None
    sampling: SamplingParams
    seed: int | None
    stop: list[str]
    stop_token_ids: list[int]
    ignore_eos: bool
    stream: bool
    include_usage: bool


@dataclass
class CompletionParams:
    common: CommonParams
    prompt: str | list[int]


@dataclass
class ChatParams:
    common: CommonParams
    messages: list[dict[str, str]] = field(default_factory=list)
    add_generation_prompt: bool = True


def _number(body: dict[str, Any], name: str, default: float, low: float, high: float) -> float:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise RequestError(f"'{name}' must be a number between {low} and {high}", name)
    return float(value)


def _integer(body: dict[str, Any], name: str, low: int | None = None) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or (low is not None and value < low):
        bound = f" >= {low}" if low is not None else ""
        raise RequestError(f"'{name}' must be an integer{bound}", name)
    return value


def _boolean(body: dict[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RequestError(f"'{name}' must be a boolean", name)
    return value


def _stop(body: dict[str, Any]) -> list[str]:
    value = body.get("stop")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return list(value)
    raise RequestError("'stop' must be a string or a list of strings", "stop")


def _token_ids(value: Any, name: str) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in value
    ):
        raise RequestError(f"'{name}' must be a list of non-negative integers", name)
    return list(value)


def _refuse_unsupported(body: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        value = body.get(name)
        if value not in (None, False, 0, [], {}):
            raise RequestError(f"'{name}' is not supported by the CPU runtime", name)


def _repetition_penalty(body: dict[str, Any], default: float) -> float:
    value = body.get("repetition_penalty")
    if value is None:
        return default
    # vLLM accepts any positive value; the upper bound keeps logits finite (no NaN from inf).
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10:
        raise RequestError("'repetition_penalty' must be a number above 0 and at most 10", "repetition_penalty")
    return float(value)


def parse_common(
    body: dict[str, Any], max_tokens_name: str = "max_tokens", defaults: SamplingParams | None = None
) -> CommonParams:
    """Common fields; sampling fields the request leaves out come from ``defaults`` (the model's
    generation_config.json, as vLLM does), else from OpenAI's defaults."""
    base = defaults or SamplingParams()
    _refuse_unsupported(body, ("min_tokens", "include_stop_str_in_output", "guided_json", "guided_regex"))
    response_format = body.get("response_format")
    if response_format not in (None, {"type": "text"}):
        raise RequestError(
            "only the 'text' response_format is supported by the CPU runtime", "response_format"
        )
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise RequestError("'model' must be a string", "model")
    n = _integer(body, "n", low=1)
    if n not in (None, 1):
        raise RequestError("the CPU runtime generates one choice per request ('n' must be 1)", "n")
    best_of = _integer(body, "best_of", low=1)
    if best_of not in (None, 1):
        raise RequestError("'best_of' is not supported by the CPU runtime", "best_of")
    stream = _boolean(body, "stream")
    options = body.get("stream_options")
    if options is not None and not stream:
        raise RequestError("Stream options can only be defined when `stream=True`.", "stream_options")
    if options is not None and not isinstance(options, dict):
        raise RequestError("'stream_options' must be an object", "stream_options")
    include_usage = _boolean(options or {}, "include_usage")
    top_k = _integer(body, "top_k")
    if top_k is not None and top_k < -1:
        raise RequestError("'top_k' must be -1 (disabled) or a positive integer", "top_k")
    sampling = SamplingParams(
        temperature=_number(body, "temperature", base.temperature, 0.0, 2.0),
        top_p=_number(body, "top_p", base.top_p, 1e-9, 1.0),
        top_k=base.top_k if top_k is None else (top_k if top_k > 0 else -1),
        min_p=_number(body, "min_p", base.min_p, 0.0, 1.0),
        presence_penalty=_number(body, "presence_penalty", base.presence_penalty, -2.0, 2.0),
        frequency_penalty=_number(body, "frequency_penalty", base.frequency_penalty, -2.0, 2.0),
        repetition_penalty=_repetition_penalty(body, base.repetition_penalty),
    )
    return CommonParams(
        model=model,
        max_tokens=_integer(body, max_tokens_name, low=1),
        sampling=sampling,
        seed=_integer(body, "seed"),
        stop=_stop(body),
        stop_token_ids=_token_ids(body.get("stop_token_ids") or [], "stop_token_ids"),
        ignore_eos=_boolean(body, "ignore_eos"),
        stream=stream,
        include_usage=include_usage,
    )


def parse_completion(body: dict[str, Any], defaults: SamplingParams | None = None) -> CompletionParams:
    if "suffix" in body and body["suffix"] is not None:
        # vLLM refuses it too; the gateway builds FIM prompts itself (model_runtime.fim).
        raise RequestError("suffix is not currently supported", "suffix")
    _refuse_unsupported(body, ("echo", "logprobs", "logit_bias", "prompt_logprobs"))
    common = parse_common(body, defaults=defaults)
    if common.max_tokens is None:
        common.max_tokens = 16  # OpenAI's and vLLM's default for /v1/completions
    prompt = body.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str | list):
        prompt = prompt[0]
    if isinstance(prompt, str):
        if not prompt:
            raise RequestError("'prompt' must not be empty", "prompt")
        return CompletionParams(common, prompt)
    if isinstance(prompt, list) and prompt:
        if all(isinstance(p, str | list) for p in prompt):
            raise RequestError("the CPU runtime accepts one prompt per request", "prompt")
        return CompletionParams(common, _token_ids(prompt, "prompt"))
    raise RequestError("'prompt' must be a non-empty string or list of token ids", "prompt")


def _message_text(content: Any, index: int) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if (
                not isinstance(part, dict)
                or part.get("type") != "text"
                or not isinstance(part.get("text"), str)
            ):
                raise RequestError("only text content parts are supported", f"messages[{index}].content")
            parts.append(part["text"])
        return "".join(parts)
    raise RequestError(
        "message content must be a string or a list of text parts", f"messages[{index}].content"
    )


def parse_chat(body: dict[str, Any], defaults: SamplingParams | None = None) -> ChatParams:
    _refuse_unsupported(body, ("tools", "functions", "logprobs", "top_logprobs", "logit_bias"))
    common = parse_common(body, defaults=defaults)
    max_completion = _integer(body, "max_completion_tokens", low=1)
    common.max_tokens = max_completion if max_completion is not None else common.max_tokens
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise RequestError("'messages' must be a non-empty list", "messages")
    messages = []
    for i, message in enumerate(raw):
        if not isinstance(message, dict):
            raise RequestError("each message must be an object", f"messages[{i}]")
        role = message.get("role")
        if role not in ("system", "user", "assistant"):
            raise RequestError("role must be 'system', 'user' or 'assistant'", f"messages[{i}].role")
        messages.append({"role": role, "content": _message_text(message.get("content"), i)})
    return ChatParams(common, messages, _boolean(body, "add_generation_prompt", True))
