"""The in-memory record a request builds up while it runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


def sha256_text(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class AuditEntry:
    request_id: str
    created_at: datetime
    endpoint: str
    client_addr: str | None = None
    trace_id: str | None = None
    tenant_id: int | None = None
    tenant_name: str | None = None
    key_id: str | None = None
    model: str | None = None
    stream: bool = False
    status_code: int = 0
    outcome: str = "ok"
    error_code: str | None = None
    error_message: str | None = None
    latency_ms: float = 0.0
    upstream_ttft_ms: float | None = None
    upstream_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    policy_version: str | None = None
    decision: str | None = None
    details: dict[str, Any] | None = None
    prompt: str | None = None
    response: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """Column values for `audit_records`, without chain fields."""
        return {
            "request_id": self.request_id,
            "trace_id": self.trace_id,
            "created_at": self.created_at,
            "tenant_id": self.tenant_id,
            "tenant_name": self.tenant_name,
            "key_id": self.key_id,
            "client_addr": self.client_addr,
            "endpoint": self.endpoint,
            "model": self.model,
            "stream": self.stream,
            "status_code": self.status_code,
            "outcome": self.outcome,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "latency_ms": round(self.latency_ms, 3),
            "upstream_ttft_ms": None if self.upstream_ttft_ms is None else round(self.upstream_ttft_ms, 3),
            "upstream_ms": None if self.upstream_ms is None else round(self.upstream_ms, 3),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "policy_version": self.policy_version,
            "decision": self.decision,
            "details": self.details,
            "prompt": self.prompt,
            "response": self.response,
            "prompt_sha256": sha256_text(self.prompt),
            "response_sha256": sha256_text(self.response),
        }
