"""openai-python, used as its documentation shows, default retries included."""

from __future__ import annotations

from typing import Any

import openai
from _worker import error, serve


def _client(case: dict[str, Any]) -> openai.OpenAI:
    return openai.OpenAI(base_url=case["base_url"], api_key=case["api_key"], timeout=30)


def _usage(usage: Any) -> dict[str, int] | None:
    return None if usage is None else {"prompt_tokens": usage.prompt_tokens,
                                       "completion_tokens": usage.completion_tokens}


def _limits(case: dict[str, Any]) -> dict[str, Any]:
    return {"max_tokens": case["max_tokens"]} if case.get("max_tokens") else {}


def _infill(case: dict[str, Any]) -> dict[str, Any]:
    return {"suffix": case["suffix"]} if case.get("suffix") else {}


def chat(case: dict[str, Any]) -> dict[str, Any]:
    messages = [{"role": "user", "content": case["prompt"]}]
    client = _client(case)
    if not case["stream"]:
        done = client.chat.completions.create(model=case["model"], messages=messages, **_limits(case))
        return {"ok": True, "text": done.choices[0].message.content, "usage": _usage(done.usage),
                "sluice": (done.model_extra or {}).get("sluice")}
    text, usage, sluice = [], None, None
    stream = client.chat.completions.create(model=case["model"], messages=messages, stream=True,
                                            stream_options={"include_usage": True}, **_limits(case))
    for chunk in stream:
        if chunk.choices:
            text.append(chunk.choices[0].delta.content or "")
        usage = chunk.usage or usage
        sluice = (chunk.model_extra or {}).get("sluice") or sluice
    return {"ok": True, "text": "".join(text), "usage": _usage(usage), "sluice": sluice}


def complete(case: dict[str, Any]) -> dict[str, Any]:
    client = _client(case)
    if not case["stream"]:
        done = client.completions.create(model=case["model"], prompt=case["prompt"], **_limits(case),
                                         **_infill(case))
        return {"ok": True, "text": done.choices[0].text, "usage": _usage(done.usage),
                "sluice": (done.model_extra or {}).get("sluice")}
    text, usage, sluice = [], None, None
    stream = client.completions.create(model=case["model"], prompt=case["prompt"], stream=True,
                                       stream_options={"include_usage": True}, **_limits(case), **_infill(case))
    for chunk in stream:
        if chunk.choices:
            text.append(chunk.choices[0].text)
        usage = chunk.usage or usage
        sluice = (chunk.model_extra or {}).get("sluice") or sluice
    return {"ok": True, "text": "".join(text), "usage": _usage(usage), "sluice": sluice}


def on_error(exc: BaseException) -> dict[str, Any]:
    result = error(exc, getattr(exc, "status_code", None), getattr(exc, "code", None))
    body = getattr(exc, "body", None)  # the error object: Sluice's findings ride in it
    if isinstance(body, dict) and isinstance(body.get("findings"), list):
        result["error"]["findings"] = len(body["findings"])
    return result


if __name__ == "__main__":
    serve({"chat": chat, "complete": complete}, on_error)
