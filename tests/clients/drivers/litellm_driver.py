"""LiteLLM as a client library (what aider and many agents are built on), default retries."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # offline: the bundled price list

import litellm
from _worker import error, serve

litellm.telemetry = False


def _options(case: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {"api_base": case["base_url"], "api_key": case["api_key"], "timeout": 30}
    if case.get("max_tokens"):
        options["max_tokens"] = case["max_tokens"]
    return options


def _usage(usage: Any) -> dict[str, int] | None:
    return None if usage is None else {"prompt_tokens": usage.prompt_tokens,
                                       "completion_tokens": usage.completion_tokens}


def chat(case: dict[str, Any]) -> dict[str, Any]:
    messages = [{"role": "user", "content": case["prompt"]}]
    model = "openai/" + case["model"]
    if not case["stream"]:
        done = litellm.completion(model=model, messages=messages, **_options(case))
        return {"ok": True, "text": done.choices[0].message.content, "usage": _usage(done.usage),
                "sluice": getattr(done, "sluice", None)}
    text, usage = [], None
    for chunk in litellm.completion(model=model, messages=messages, stream=True,
                                    stream_options={"include_usage": True}, **_options(case)):
        if chunk.choices:
            text.append(chunk.choices[0].delta.content or "")
        usage = getattr(chunk, "usage", None) or usage
    return {"ok": True, "text": "".join(text), "usage": _usage(usage), "sluice": None}


def complete(case: dict[str, Any]) -> dict[str, Any]:
    model = "text-completion-openai/" + case["model"]
    options = _options(case)
    if case.get("suffix"):
        options["suffix"] = case["suffix"]
    if not case["stream"]:
        done = litellm.text_completion(model=model, prompt=case["prompt"], **options)
        return {"ok": True, "text": done.choices[0].text, "usage": _usage(done.usage), "sluice": None}
    text = []
    for chunk in litellm.text_completion(model=model, prompt=case["prompt"], stream=True, **options):
        if chunk.choices:
            text.append(chunk.choices[0].text or "")
    return {"ok": True, "text": "".join(text), "usage": None, "sluice": None}


def on_error(exc: BaseException) -> dict[str, Any]:
    result = error(exc, getattr(exc, "status_code", None), getattr(exc, "code", None))
    body = getattr(exc, "body", None)  # a ContentPolicyViolationError keeps the error object: the findings
    if isinstance(body, dict) and isinstance(body.get("findings"), list):
        result["error"]["findings"] = len(body["findings"])
    return result


if __name__ == "__main__":
    serve({"chat": chat, "complete": complete}, on_error)
