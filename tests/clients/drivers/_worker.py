"""The loop every Python driver runs: one JSON case per stdin line, one JSON result per stdout line.

A case: {"op": "chat" | "complete", "base_url", "api_key", "model", "prompt", "stream",
"max_tokens" (or null)}. A result: {"ok": true, "text", "usage": {"prompt_tokens",
"completion_tokens"} | null, "sluice": {...} | null} or {"ok": false, "error": {"class",
"status", "code", "message"}}. The drivers run in the clients' own virtualenv, where Sluice is
not installed: they know only their client library and this file.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

Handler = Callable[[dict[str, Any]], dict[str, Any]]

# Results go to the real stdout; anything a library prints (LiteLLM's "Give Feedback / Get Help"
# banner) goes to stderr, the worker's log, instead of breaking the protocol.
_results = sys.stdout
sys.stdout = sys.stderr


def error(exc: BaseException, status: int | None = None, code: Any = None) -> dict[str, Any]:
    return {"ok": False, "error": {"class": type(exc).__name__, "module": type(exc).__module__,
                                   "status": status, "code": code, "message": str(exc)}}


def serve(handlers: dict[str, Handler], on_error: Callable[[BaseException], dict[str, Any]]) -> None:
    for line in sys.stdin:
        case = json.loads(line)
        try:
            result = handlers[case["op"]](case)
        except Exception as exc:  # what the client raised is the result under test
            result = on_error(exc)
            result["error"].setdefault("trace", traceback.format_exc(limit=3)[-1500:])
        _results.write(json.dumps(result, default=str) + "\n")
        _results.flush()
