"""The in-memory record a request builds up while it runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

BodyStorage = Literal["full", "redacted", "hash_only"]
BODY_STORAGE: tuple[BodyStorage, ...] = ("full", "redacted", "hash_only")


def sha256_text(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


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
    replica: str | None = None
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
    policy_mode: str | None = None  # enforce | shadow
    decision: str | None = None
    details: dict[str, Any] | None = None
    # What the input guard did, e.g. [{"rule": "secrets", "action": "redact", "count": 1}].
    input_actions: list[dict[str, Any]] | None = None
    # Normalized output findings: scanner, rule_id, severity, cwe, message, start_line,
    # end_line, action (see gateway.audit.findings.normalize_finding).
    findings: list[dict[str, Any]] = field(default_factory=list)
    repair_attempts: int = 0
    stage_ms: dict[str, float] | None = None  # per pipeline stage, e.g. {"input_guard": 0.2}
    # How the bodies are kept (policy `audit.store`). `full`: verbatim; `redacted`:
    # secrets replaced; `hash_only`: only the SHA-256 of the redacted text.
    store_bodies: BodyStorage = "full"
    # True when `prompt` / `response` were already secret-scanned and redacted as a whole
    # (input guard, output guard): the writer skips its own scan (~0.15 ms per KB).
    prompt_redacted: bool = False
    response_redacted: bool = False
    prompt: str | None = None
    response: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """Column values for `audit_records`, plus `findings`; bodies still raw.

        Body hashing, redaction and encryption happen in the store (`BodySealer`), off
        the event loop, right before chaining.
        """
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
            "replica": self.replica,
            "stream": self.stream,
            "status_code": self.status_code,
            "outcome": self.outcome,
            "error_code": self.error_code,
            "error_message": self.error_message,
            "latency_ms": round(self.latency_ms, 3),
            "upstream_ttft_ms": _ms(self.upstream_ttft_ms),
            "upstream_ms": _ms(self.upstream_ms),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "policy_version": self.policy_version,
            "policy_mode": self.policy_mode,
            "decision": self.decision,
            "details": self.details,
            "input_actions": self.input_actions or None,
            "repair_attempts": self.repair_attempts,
            "stage_ms": {k: round(v, 3) for k, v in self.stage_ms.items()} if self.stage_ms else None,
            "store_bodies": self.store_bodies,
            "prompt_redacted": self.prompt_redacted,
            "response_redacted": self.response_redacted,
            "findings": self.findings,
            "prompt": self.prompt,
            "response": self.response,
        }
