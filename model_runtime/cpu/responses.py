"""Response bodies and stream chunks in exactly vLLM's OpenAI-compatible shapes."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from model_runtime.cpu.engine import FinishEvent


def usage(finish: FinishEvent) -> dict[str, Any]:
    return {
        "prompt_tokens": finish.prompt_tokens,
        "total_tokens": finish.prompt_tokens + finish.completion_tokens,
        "completion_tokens": finish.completion_tokens,
        "prompt_tokens_details": None,
    }


@dataclass
class ResponseShaper:
    """Builds every body for one request so that id, created and model agree across chunks."""

    model: str
    chat: bool

    def __post_init__(self) -> None:
        self.id = f"{'chatcmpl' if self.chat else 'cmpl'}-{uuid.uuid4().hex}"
        self.created = int(time.time())

    def _envelope(self, obj: str) -> dict[str, Any]:
        return {"id": self.id, "object": obj, "created": self.created, "model": self.model}

    def full(self, text: str, finish: FinishEvent) -> dict[str, Any]:
        if self.chat:
            choice: dict[str, Any] = {
                "index": 0,
                "message": {"role": "assistant", "content": text, "tool_calls": []},
                "logprobs": None,
                "finish_reason": finish.finish_reason,
                "stop_reason": finish.stop_reason,
            }
            body = self._envelope("chat.completion")
        else:
            choice = {
                "index": 0,
                "text": text,
                "logprobs": None,
                "finish_reason": finish.finish_reason,
                "stop_reason": finish.stop_reason,
                "prompt_logprobs": None,
            }
            body = self._envelope("text_completion")
        body.update({"choices": [choice], "usage": usage(finish), "system_fingerprint": None})
        return body

    def _chunk(self, choice: dict[str, Any]) -> dict[str, Any]:
        body = self._envelope("chat.completion.chunk" if self.chat else "text_completion")
        body["choices"] = [choice]
        return body

    def role_chunk(self) -> dict[str, Any]:
        """vLLM opens a chat stream with the assistant role and empty content."""
        return self._chunk(
            {
                "index": 0,
                "delta": {"role": "assistant", "content": ""},
                "logprobs": None,
                "finish_reason": None,
            }
        )

    def text_chunk(self, text: str) -> dict[str, Any]:
        if self.chat:
            return self._chunk(
                {"index": 0, "delta": {"content": text}, "logprobs": None, "finish_reason": None}
            )
        return self._chunk(
            {"index": 0, "text": text, "logprobs": None, "finish_reason": None, "stop_reason": None}
        )

    def finish_chunk(self, finish: FinishEvent) -> dict[str, Any]:
        if self.chat:
            return self._chunk(
                {
                    "index": 0,
                    "delta": {"content": ""},
                    "logprobs": None,
                    "finish_reason": finish.finish_reason,
                    "stop_reason": finish.stop_reason,
                }
            )
        return self._chunk(
            {
                "index": 0,
                "text": "",
                "logprobs": None,
                "finish_reason": finish.finish_reason,
                "stop_reason": finish.stop_reason,
            }
        )

    def usage_chunk(self, finish: FinishEvent) -> dict[str, Any]:
        body = self._envelope("chat.completion.chunk" if self.chat else "text_completion")
        body.update({"choices": [], "usage": usage(finish)})
        return body
