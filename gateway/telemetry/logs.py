"""Structured JSON logs: one object per line with the request id and trace id.

Content never reaches the log: the formatter writes the message, a fixed allowlist of
`extra=` fields (ids, tenant, model, status...), and redacts anything shaped like an API
key or bearer token, wherever it appears (messages, arguments, tracebacks).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

request_id_var: ContextVar[str | None] = ContextVar("sluice_request_id", default=None)
trace_id_var: ContextVar[str | None] = ContextVar("sluice_trace_id", default=None)

# `extra=` keys that are metadata, never content.
SAFE_FIELDS = frozenset({"tenant", "key_id", "model", "status", "decision", "code", "stage", "replica",
                         "latency_ms", "upstream_ms", "prompt_tokens", "completion_tokens", "scanner",
                         "rule_id", "severity", "outcome", "attempt", "workers", "pid"})

_SECRETS = re.compile(
    r"sk-sluice-[A-Za-z0-9_\-]+"  # our API keys
    r"|(?P<bearer>(?i:bearer)\s+)[A-Za-z0-9._~+/\-]+=*"  # any bearer token
    r"|(?P<assign>(?i:\b(?:api[_-]?key|password|passwd|secret|token)\b)\s*[=:]\s*)[^\s,;&\"']+"
    r"|(?P<url>(?i:\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:))[^@\s]+(?=@)"  # passwords in URLs
)


def redact(text: str) -> str:
    return _SECRETS.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    return (match.group("bearer") or match.group("assign") or match.group("url") or "") + "[REDACTED]"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        trace_id = getattr(record, "trace_id", None) or trace_id_var.get()
        if request_id:
            data["request_id"] = request_id
        if trace_id:
            data["trace_id"] = trace_id
        for key in SAFE_FIELDS:
            value = record.__dict__.get(key)
            if value is not None:
                data[key] = value if isinstance(value, int | float | bool) else redact(str(value))
        if record.exc_info:
            data["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            data["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


@contextlib.contextmanager
def log_context(request_id: str | None, trace_id: str | None = None) -> Iterator[None]:
    """Bind ids for every log line in this block (and tasks it starts)."""
    request_token = request_id_var.set(request_id)
    trace_token = trace_id_var.set(trace_id)
    try:
        yield
    finally:
        request_id_var.reset(request_token)
        trace_id_var.reset(trace_token)


def bind(request_id: str | None, trace_id: str | None = None) -> None:
    """Bind ids for the rest of the current task (asyncio copies the context per task)."""
    request_id_var.set(request_id)
    trace_id_var.set(trace_id)


def configure_logging(level: str | int = "INFO", *, json_format: bool = True,
                      stream: TextIO | None = None) -> None:
    """Root logging for `sluice serve`: JSON lines to stderr (or plain text for humans)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if json_format:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level if isinstance(level, int) else level.upper())
