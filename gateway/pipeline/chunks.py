"""The events a client's stream is made of: chunks in the upstream's shape, the sluice summary, errors."""

from __future__ import annotations

import contextlib
import time
from typing import Any

import msgspec

from gateway.api.sse import encode_event
from gateway.errors import CONTENT_POLICY_CODE, OVERLOADED_CODE, APIError
from gateway.guard.output import Verdict
from gateway.pipeline.reader import StreamEvent
from gateway.pipeline.request import GenerationRequest

_encoder = msgspec.json.Encoder()


def error_event(message: str, code: str, extra: dict[str, Any] | None = None) -> bytes:
    kind = "permission_error" if code == CONTENT_POLICY_CODE else (
        "upstream_error" if code.startswith("upstream") else "server_error")
    error: dict[str, Any] = {"message": message, "type": kind, "param": None, "code": code}
    error.update(extra or {})
    return encode_event(_encoder.encode({"error": error}))


def retry_fields(error: APIError) -> dict[str, Any] | None:
    """A retryable error's `Retry-After`, for its stream event (a stream's headers are long gone)."""
    retry_after = error.headers.get("retry-after", "")
    if error.code == OVERLOADED_CODE or retry_after:
        return {"retryable": True, "retry_after": int(retry_after) if retry_after.isdigit() else 1}
    return None


class ChunkFactory:
    """Builds chunks in the upstream's own shape (id, created) under the client's model name."""

    def __init__(self, gen: GenerationRequest) -> None:
        self.kind = gen.kind
        self.model = gen.model.name
        self.id = "cmpl-sluice"
        self.created = int(time.time())

    def learn(self, event: StreamEvent) -> None:
        """The upstream chunk's id and creation time (a value that is not one is ignored)."""
        if event.id is not None:
            self.id = str(event.id)
        if event.created is not None:
            with contextlib.suppress(TypeError, ValueError, OverflowError):
                self.created = int(event.created)

    def _chunk(self, choices: list[dict[str, Any]], **extra: Any) -> bytes:
        obj = "chat.completion.chunk" if self.kind == "chat" else "text_completion"
        data = {"id": self.id, "object": obj, "created": self.created, "model": self.model, "choices": choices}
        data.update(extra)
        return encode_event(_encoder.encode(data))

    def content(self, text: str) -> bytes:
        if self.kind == "chat":
            choice = {"index": 0, "delta": {"content": text}, "logprobs": None, "finish_reason": None}
        else:
            choice = {"index": 0, "text": text, "logprobs": None, "finish_reason": None}
        return self._chunk([choice])

    def role(self) -> bytes:
        choice = {"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": None, "finish_reason": None}
        return self._chunk([choice])

    def final(self, finish_reason: str | None, summary: dict[str, Any]) -> bytes:
        if self.kind == "chat":
            choice = {"index": 0, "delta": {}, "logprobs": None, "finish_reason": finish_reason or "stop"}
        else:
            choice = {"index": 0, "text": "", "logprobs": None, "finish_reason": finish_reason or "stop"}
        return self._chunk([choice], sluice=summary)

    def usage(self, usage: dict[str, Any]) -> bytes:
        return self._chunk([], usage=usage)


def summary(verdict: Verdict | None, gen: GenerationRequest) -> dict[str, Any]:
    if verdict is None:
        return {"decision": "allow", "action": "allow", "shadow": gen.policy.shadow,
                "policy_version": gen.policy.version, "findings": [], "repair_attempts": 0}
    return verdict.summary()




def rename(payload: bytes, name: str) -> bytes:
    """An upstream event under the client's model name."""
    data = msgspec.json.decode(payload)
    if isinstance(data, dict):
        data["model"] = name
    return _encoder.encode(data)
