"""The audit stage: the one record of a request, built once from its stage results and final
outcome, and "write it or answer 503".

No record, no release: `commit` is the one place a record is built and written before an answer
goes out; a record that cannot be written turns the answer into `503 audit_unavailable`.
`build_record` is the one place the record's fields are set.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from litestar import Response

from gateway.audit import AuditEntry, AuditUnavailable, AuditWriter
from gateway.errors import APIError, audit_unavailable, error_response
from gateway.guard.output import Verdict, public_finding
from gateway.pipeline.results import Ledger, Outcome
from gateway.policy import CompiledPolicy
from gateway.telemetry import RequestTrace


def build_record(ledger: Ledger, outcome: Outcome, latency_ms: float) -> AuditEntry:
    """The request's audit record: what its stages produced, and how it ended."""
    start, identified, decoded, screened = ledger.start, ledger.identified, ledger.decoded, ledger.screened
    generated, reviewed = ledger.generated, ledger.reviewed
    details: dict[str, Any] = {}
    if screened is not None and screened.input_details is not None:
        details["input"] = screened.input_details
    prompt_tokens = completion_tokens = None
    if generated is not None and generated.tokens is not None:
        prompt_tokens, completion_tokens = generated.tokens.prompt_tokens, generated.tokens.completion_tokens
    decision: str | None = None
    findings: list[dict[str, Any]] = []
    repair_attempts = 0
    response = generated.text if generated is not None else None
    if reviewed is not None:
        response = reviewed.response
        verdict = reviewed.verdict
        decision = "allow" if verdict is None else verdict.decision.action  # None: a stream with nothing to judge
        if verdict is not None:
            findings = [public_finding(d.finding, d.action) for d in verdict.decision.findings]
            repair_attempts = verdict.repairs
            details.update(_output_details(verdict))
        # The record (and so the quota settled from it) counts the repair calls' tokens too.
        if reviewed.repair_calls and (prompt_tokens is not None or completion_tokens is not None):
            prompt_tokens = (prompt_tokens or 0) + reviewed.repair_prompt_tokens
            completion_tokens = (completion_tokens or 0) + reviewed.repair_completion_tokens
    elif ledger.judged is not None:
        decision, findings = ledger.judged.decision, list(ledger.judged.findings)
    return AuditEntry(
        request_id=start.request_id,
        created_at=start.created_at,
        endpoint=start.endpoint,
        client_addr=start.client_addr,
        trace_id=start.trace_id,
        tenant_id=identified.tenant_id if identified is not None else None,
        tenant_name=identified.tenant_name if identified is not None else None,
        key_id=identified.key_id if identified is not None else None,
        model=decoded.model if decoded is not None else None,
        stream=decoded.stream if decoded is not None else False,
        status_code=outcome.status_code,
        outcome=outcome.outcome,
        error_code=outcome.error_code,
        error_message=outcome.error_message,
        latency_ms=latency_ms,
        upstream_ttft_ms=generated.upstream_ttft_ms if generated is not None else None,
        upstream_ms=generated.upstream_ms if generated is not None else None,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        policy_version=ledger.policy.version if ledger.policy is not None else None,
        policy_mode=screened.policy_mode if screened is not None else None,
        decision=outcome.decision or decision,
        details=details,
        input_actions=(list(screened.input_actions) or None) if screened is not None else None,
        findings=findings,
        repair_attempts=repair_attempts,
        stage_ms=start.stage_ms,
        store_bodies=screened.store_bodies if screened is not None else "full",
        prompt_redacted=screened.prompt_redacted if screened is not None else False,
        prompt=screened.prompt if screened is not None else None,
        response=response,
    )


def _output_details(verdict: Verdict) -> dict[str, Any]:
    details: dict[str, Any] = {"output": verdict.decision.to_dict(), "scan_ms": round(verdict.scan.duration_ms, 3)}
    if verdict.attempts:
        details["repair_attempts"] = verdict.attempts
    return details


def decision_headers(policy: CompiledPolicy, verdict: Verdict | None) -> dict[str, str]:
    headers = {"x-sluice-policy-version": policy.version}
    if verdict is not None:
        headers["x-sluice-decision"] = verdict.decision.effective_action
        headers["x-sluice-findings"] = str(len(verdict.decision.findings))
        if verdict.decision.shadow:
            headers["x-sluice-shadow-decision"] = verdict.decision.action
    return headers


def elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


async def commit(audit: AuditWriter, ledger: Ledger, outcome: Outcome, started: float,
                 trace: RequestTrace | None = None) -> bool:
    """Build the record (its latency measured now) and write it; False when the store refused it."""
    entry = ledger.record = build_record(ledger, outcome, elapsed_ms(started))
    try:
        if trace is None:
            await audit.write(entry)
        else:
            with trace.stage("audit_write"):
                await audit.write(entry)
    except AuditUnavailable:
        return False
    return True


def write_detached(audit: AuditWriter, ledger: Ledger, outcome: Outcome, started: float) -> None:
    """The record of a request whose answer is already over (the client left): written, not awaited."""
    ledger.record = build_record(ledger, outcome, elapsed_ms(started))
    audit.write_detached(ledger.record)


async def answer_error(audit: AuditWriter, ledger: Ledger, error: APIError, started: float,
                       headers: dict[str, str] | None = None) -> Response[bytes]:
    """An error answer, once its record is written (else 503 audit_unavailable)."""
    if not await commit(audit, ledger, Outcome.refused(error), started):
        error = audit_unavailable()
    return error_response(error, ledger.request_id, headers)


def unrecorded(ledger: Ledger) -> Response[bytes]:
    """The answer when a finished request's record could not be written: nothing is released.

    The unwritten record is replaced by a copy that says what the client got (limits and the trace
    read it); the record the writer refused is left as it was.
    """
    if ledger.record is not None:
        ledger.record = dataclasses.replace(ledger.record, status_code=503)
    return error_response(audit_unavailable(), ledger.request_id)
