"""langchain-openai: ChatOpenAI for chat, its OpenAI class for completions, default retries."""

from __future__ import annotations

from typing import Any

from _worker import error, serve
from langchain_openai import ChatOpenAI, OpenAI


def _options(case: dict[str, Any]) -> dict[str, Any]:
    options: dict[str, Any] = {"model": case["model"], "base_url": case["base_url"], "api_key": case["api_key"],
                               "timeout": 30}
    if case.get("max_tokens"):
        options["max_tokens"] = case["max_tokens"]
    return options


def _usage(metadata: Any) -> dict[str, int] | None:
    if not metadata:
        return None
    return {"prompt_tokens": metadata["input_tokens"], "completion_tokens": metadata["output_tokens"]}


def chat(case: dict[str, Any]) -> dict[str, Any]:
    model = ChatOpenAI(stream_usage=True, **_options(case))
    if not case["stream"]:
        message = model.invoke(case["prompt"])
        return {"ok": True, "text": message.content, "usage": _usage(message.usage_metadata),
                "sluice": message.response_metadata.get("sluice")}
    total = None
    for chunk in model.stream(case["prompt"]):
        total = chunk if total is None else total + chunk
    assert total is not None
    return {"ok": True, "text": total.content, "usage": _usage(total.usage_metadata), "sluice": None}


def complete(case: dict[str, Any]) -> dict[str, Any]:
    model = OpenAI(**_options(case))
    if not case["stream"]:
        return {"ok": True, "text": model.invoke(case["prompt"]), "usage": None, "sluice": None}
    return {"ok": True, "text": "".join(model.stream(case["prompt"])), "usage": None, "sluice": None}


def on_error(exc: BaseException) -> dict[str, Any]:
    return error(exc, getattr(exc, "status_code", None), getattr(exc, "code", None))


if __name__ == "__main__":
    serve({"chat": chat, "complete": complete}, on_error)
