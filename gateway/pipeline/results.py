"""What each stage of the request path produces, as typed, immutable results.

A stage returns its result; the request's `Ledger` keeps the ones that have arrived, and
`record.build_record` turns them, with the request's final `Outcome`, into its one audit record.
A request can end at any stage (a refusal, a failure, a disconnect), so every result after
`RecordStart` is optional: the record names what was known when the request ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gateway.api.views import Usage
from gateway.audit import AuditEntry
from gateway.audit.entry import BodyStorage
from gateway.auth.principal import Principal
from gateway.errors import AUDIT_POLICY_CODE, CONTENT_POLICY_CODE, APIError
from gateway.guard.output import Verdict
from gateway.pipeline.request import RepairUsage


@dataclass(frozen=True, slots=True)
class RecordStart:
    """What is known when the request arrives."""

    request_id: str
    created_at: datetime
    endpoint: str
    client_addr: str | None
    trace_id: str | None
    # The trace's own dict, filled as stages end: the record holds it by reference, so stages that
    # end after the record is built (`audit_write`) are still in it when the writer reads it.
    stage_ms: dict[str, float] | None


@dataclass(frozen=True, slots=True)
class Identified:
    """`auth`: the caller (also of a refused request, when its key is known)."""

    tenant_id: int
    tenant_name: str
    key_id: str

    @classmethod
    def of(cls, principal: Principal) -> Identified:
        return cls(principal.tenant_id, principal.tenant_name, principal.key_id)


@dataclass(frozen=True, slots=True)
class PolicyChosen:
    """`policy`: the tenant's compiled policy, by version."""

    version: str


@dataclass(frozen=True, slots=True)
class Decoded:
    """The body, decoded: the model asked for (bounded to its column) and whether it streams."""

    model: str | None
    stream: bool


@dataclass(frozen=True, slots=True)
class Screened:
    """`input_guard`: what it did to the prompt, and how the policy keeps the bodies."""

    prompt: str  # the prompt as recorded: redacted texts (chat: "role: text" lines)
    policy_mode: str
    store_bodies: BodyStorage
    # True where the policy redacts input secrets: the audit writer need not scan the prompt again.
    prompt_redacted: bool
    input_actions: tuple[dict[str, Any], ...] = ()
    input_details: dict[str, Any] | None = None  # the input decision, when it found anything


@dataclass(frozen=True, slots=True)
class Generated:
    """`upstream`: what the runtime said of the answer (known in part when it broke off)."""

    upstream_ms: float | None = None
    upstream_ttft_ms: float | None = None
    tokens: Usage | None = None
    text: str | None = None  # the model's text as received, when the answer was read


@dataclass(frozen=True, slots=True)
class Reviewed:
    """`output_guard`: the verdict (None: a stream with nothing to judge), the text its findings
    refer to, and the repair calls' tokens at the time of the verdict."""

    verdict: Verdict | None
    response: str
    repair_calls: int = 0
    repair_prompt_tokens: int = 0
    repair_completion_tokens: int = 0

    @classmethod
    def of(cls, verdict: Verdict | None, response: str, repairs: RepairUsage) -> Reviewed:
        return cls(verdict, response, repairs.calls, repairs.prompt_tokens, repairs.completion_tokens)


@dataclass(frozen=True, slots=True)
class Judged:
    """`/v1/guard/scan`: the policy's decision on code a client sent, with its public findings."""

    decision: str
    findings: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the request ended, as the record tells it. `decision`, when set, overrides the review's."""

    status_code: int
    outcome: str = "ok"
    error_code: str | None = None
    error_message: str | None = None
    decision: str | None = None

    @classmethod
    def ok(cls, status_code: int = 200) -> Outcome:
        return cls(status_code)

    @classmethod
    def unfinished(cls) -> Outcome:
        """A request that ended without an answer of its own (a stream never started)."""
        return cls(0)

    @classmethod
    def refused(cls, error: APIError) -> Outcome:
        """An error answer: a refusal, a block (the record keeps its own code for it) or a failure."""
        if error.code == CONTENT_POLICY_CODE:
            return cls(error.status, "blocked", AUDIT_POLICY_CODE, error.message, "block")
        return cls(error.status, "refused" if error.status < 500 else "error", error.code, error.message)

    @classmethod
    def stream_blocked(cls, message: str) -> Outcome:
        """A stream ended by the output guard (its status, 200, already went out)."""
        return cls(200, "blocked", AUDIT_POLICY_CODE, message, "block")

    @classmethod
    def stream_failed(cls, error: APIError) -> Outcome:
        """A stream ended by an upstream failure or a refusal to scan (overloaded)."""
        outcome = "upstream_error" if (error.code or "").startswith("upstream") else "error"
        return cls(200, outcome, error.code, error.message)

    @classmethod
    def disconnected(cls) -> Outcome:
        return cls(200, "client_disconnect", "client_disconnect")


@dataclass(slots=True)
class Ledger:
    """The stage results of one request as they arrive; each slot is filled once, by its stage.

    `record` is the record built from them (by `record.commit` or a detached write); `finish`
    reads it to settle limits and end the trace.
    """

    start: RecordStart
    identified: Identified | None = None
    policy: PolicyChosen | None = None
    decoded: Decoded | None = None
    screened: Screened | None = None
    generated: Generated | None = None
    reviewed: Reviewed | None = None
    judged: Judged | None = None
    record: AuditEntry | None = field(default=None)

    @property
    def request_id(self) -> str:
        return self.start.request_id
