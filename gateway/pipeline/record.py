"""The audit stage: what a request's outcome puts in its record, and "write it or answer 503".

No record, no release: `commit` is the one place a record is written before an answer goes
out; a record that cannot be written turns the answer into `503 audit_unavailable`.
"""

from __future__ import annotations

import time

from litestar import Response

from gateway.audit import AuditEntry, AuditUnavailable, AuditWriter
from gateway.auth.principal import Principal
from gateway.errors import AUDIT_POLICY_CODE, CONTENT_POLICY_CODE, APIError, audit_unavailable, error_response
from gateway.guard.output import Verdict, public_finding
from gateway.pipeline.request import GenerationRequest
from gateway.policy import CompiledPolicy
from gateway.telemetry import RequestTrace


def identify(entry: AuditEntry, principal: Principal) -> None:
    entry.tenant_id = principal.tenant_id
    entry.tenant_name = principal.tenant_name
    entry.key_id = principal.key_id


def record_verdict(entry: AuditEntry, verdict: Verdict | None, response: str) -> None:
    """The decision into the record; `response`, the body, is the model text the findings refer to."""
    entry.response = response
    if verdict is None:  # a stream with nothing to judge
        entry.decision = "allow"
        return
    entry.decision = verdict.decision.action
    entry.findings = [public_finding(d.finding, d.action) for d in verdict.decision.findings]
    entry.repair_attempts = verdict.repairs
    details = entry.details if entry.details is not None else {}
    details["output"] = verdict.decision.to_dict()
    details["scan_ms"] = round(verdict.scan.duration_ms, 3)
    if verdict.attempts:
        details["repair_attempts"] = verdict.attempts
    entry.details = details


def count_repairs(entry: AuditEntry, gen: GenerationRequest) -> None:
    """The record (and so the quota settled from it) counts the repair calls' tokens too."""
    if gen.repairs.calls and (entry.prompt_tokens is not None or entry.completion_tokens is not None):
        entry.prompt_tokens = (entry.prompt_tokens or 0) + gen.repairs.prompt_tokens
        entry.completion_tokens = (entry.completion_tokens or 0) + gen.repairs.completion_tokens


def record_error(entry: AuditEntry, error: APIError) -> None:
    """A refusal, a block or a failure: its outcome and code (a block keeps the record's own code)."""
    entry.status_code = error.status
    entry.error_code = error.code
    entry.error_message = error.message
    if error.code == CONTENT_POLICY_CODE:
        entry.outcome, entry.decision, entry.error_code = "blocked", "block", AUDIT_POLICY_CODE
    else:
        entry.outcome = "refused" if error.status < 500 else "error"


def decision_headers(policy: CompiledPolicy, verdict: Verdict | None) -> dict[str, str]:
    headers = {"x-sluice-policy-version": policy.version}
    if verdict is not None:
        headers["x-sluice-decision"] = verdict.decision.effective_action
        headers["x-sluice-findings"] = str(len(verdict.decision.findings))
        if verdict.decision.shadow:
            headers["x-sluice-shadow-decision"] = verdict.decision.action
    return headers


async def commit(audit: AuditWriter, entry: AuditEntry, started: float, trace: RequestTrace | None = None) -> bool:
    """Write the record (its latency measured now); False when the store refused it."""
    entry.latency_ms = (time.perf_counter() - started) * 1000
    try:
        if trace is None:
            await audit.write(entry)
        else:
            with trace.stage("audit_write"):
                await audit.write(entry)
    except AuditUnavailable:
        return False
    return True


async def answer_error(audit: AuditWriter, entry: AuditEntry, error: APIError, started: float,
                       headers: dict[str, str] | None = None) -> Response[bytes]:
    """An error answer, once its record is written (else 503 audit_unavailable)."""
    record_error(entry, error)
    if not await commit(audit, entry, started):
        error = audit_unavailable()
    return error_response(error, entry.request_id, headers)


def unrecorded(entry: AuditEntry) -> Response[bytes]:
    """The answer when a finished request's record could not be written: nothing is released."""
    entry.status_code = 503
    return error_response(audit_unavailable(), entry.request_id)
