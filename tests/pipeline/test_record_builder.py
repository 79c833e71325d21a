"""`record.build_record`: every way a generation request ends maps to the record fields the
end-to-end tests expect (tests/audit/test_outcomes.py, tests/gateway, tests/hostile), from the
typed stage results that exist at that point.

The expected values are the record format (docs/audit.md): which outcome, which error code (a
block keeps the record's own `policy_violation`), the decision, what a refusal before a stage
leaves empty, and that repair calls count in the tokens only once the answer was judged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gateway.api.views import Usage
from gateway.auth.principal import Principal
from gateway.errors import APIError, bad_request, internal_error, policy_violation
from gateway.guard.output import Verdict, attempt_record
from gateway.pipeline.record import build_record
from gateway.pipeline.request import RepairUsage
from gateway.pipeline.results import (
    Decoded,
    Generated,
    Identified,
    Ledger,
    Outcome,
    PolicyChosen,
    RecordStart,
    Reviewed,
    Screened,
)
from gateway.policy.loader import load_policy_set
from gateway.scanning import Finding, ScanResult
from gateway.scanning.findings import Severity

REPO = Path(__file__).parents[2]
POLICY = load_policy_set(REPO / "policies").for_tenant("nobody")
STAGE_MS: dict[str, float] = {"auth": 0.1}


def start() -> RecordStart:
    return RecordStart(request_id="req-1", created_at=datetime(2025, 1, 2, tzinfo=UTC),
                       endpoint="/v1/chat/completions", client_addr="10.0.0.1", trace_id="t" * 32, stage_ms=STAGE_MS)


def screened(**changes: object) -> Screened:
    fields: dict[str, object] = {
        "prompt": "user: write a function", "policy_mode": "enforce", "store_bodies": "redacted",
        "prompt_redacted": True,
    }
    fields.update(changes)
    return Screened(**fields)  # type: ignore[arg-type]


def prepared() -> Ledger:
    """A request that passed every stage before the model."""
    return Ledger(start(), identified=Identified.of(Principal(7, "acme", "key1", frozenset(), None)),
                  policy=PolicyChosen("v-abc"), decoded=Decoded("m", stream=False), screened=screened())


def verdict(*, insecure: bool, repaired: bool = False) -> Verdict:
    findings = [Finding("bandit", "B602", Severity.HIGH, "shell=True", 2, 2, cwe="CWE-78")] if insecure else []
    decision = POLICY.decide_output(findings, "python")
    scan = ScanResult(language="python", findings=findings, incomplete=[], duration_ms=12.3456)
    attempts = [attempt_record("old answer", "repair", decision)] if repaired else []
    return Verdict(decision, scan, "answer", attempts, source="repaired answer" if repaired else "")


def test_refused_before_authentication_names_no_caller() -> None:
    refusal = APIError(401, "Invalid API key.", code="invalid_api_key")
    record = build_record(Ledger(start()), Outcome.refused(refusal), 1.5)
    assert (record.status_code, record.outcome, record.error_code) == (401, "refused", "invalid_api_key")
    assert record.tenant_id is record.key_id is record.policy_version is record.model is None
    assert record.decision is None and record.findings == [] and record.details == {}
    assert record.prompt is None and record.response is None and record.store_bodies == "full"
    assert record.latency_ms == 1.5 and record.stage_ms is STAGE_MS  # the trace's dict, filled as stages end
    assert (record.request_id, record.endpoint, record.client_addr) == ("req-1", "/v1/chat/completions", "10.0.0.1")


def test_refused_by_validation_keeps_caller_policy_and_model_but_no_screening() -> None:
    ledger = prepared()
    ledger.screened = None  # validation comes before the input guard
    record = build_record(ledger, Outcome.refused(bad_request("bad n", param="n")), 2.0)
    assert (record.status_code, record.outcome, record.error_code) == (400, "refused", "invalid_request")
    assert (record.tenant_id, record.tenant_name, record.key_id) == (7, "acme", "key1")
    assert (record.policy_version, record.model, record.stream) == ("v-abc", "m", False)
    assert record.policy_mode is None and record.prompt is None and record.input_actions is None


def test_input_block_is_recorded_as_blocked_with_the_screening() -> None:
    ledger = prepared()
    actions = ({"rule": "secrets", "kind": "aws", "action": "block", "part": 0},)
    ledger.screened = screened(input_actions=actions, input_details={"action": "block"})
    record = build_record(ledger, Outcome.refused(policy_violation("no")), 2.0)
    assert (record.status_code, record.outcome, record.decision) == (403, "blocked", "block")
    assert record.error_code == "policy_violation"  # the record's own name for `cyber_policy`
    assert record.input_actions == list(actions) and record.details == {"input": {"action": "block"}}
    assert (record.prompt, record.policy_mode, record.store_bodies, record.prompt_redacted) == (
        "user: write a function", "enforce", "redacted", True)


def test_allowed_answer_has_decision_tokens_and_output_details() -> None:
    ledger = prepared()
    ledger.generated = Generated(upstream_ms=3.0, tokens=Usage(10, 20), text="answer")
    ledger.reviewed = Reviewed.of(verdict(insecure=False), "answer", RepairUsage())
    record = build_record(ledger, Outcome.ok(), 5.0)
    assert (record.status_code, record.outcome, record.error_code, record.decision) == (200, "ok", None, "allow")
    assert (record.prompt_tokens, record.completion_tokens, record.upstream_ms) == (10, 20, 3.0)
    assert record.response == "answer" and record.findings == [] and record.repair_attempts == 0
    assert set(record.details or {}) == {"output", "scan_ms"} and record.details["scan_ms"] == 12.346


def test_blocked_answer_keeps_its_findings_and_is_recorded_as_block() -> None:
    ledger = prepared()
    ledger.generated = Generated(upstream_ms=3.0, tokens=Usage(10, 20), text="answer")
    judged = verdict(insecure=True)
    ledger.reviewed = Reviewed.of(judged, "answer", RepairUsage())
    record = build_record(ledger, Outcome.refused(policy_violation("blocked", [])), 5.0)
    assert (record.status_code, record.outcome, record.error_code, record.decision) == (
        403, "blocked", "policy_violation", "block")
    assert [(f["scanner"], f["rule_id"], f["cwe"]) for f in record.findings] == [("bandit", "B602", "CWE-78")]


def test_repair_calls_count_once_the_answer_is_judged() -> None:
    repairs = RepairUsage()
    repairs.add(Usage(4, 6))
    ledger = prepared()
    ledger.generated = Generated(upstream_ms=3.0, tokens=Usage(10, 20), text="answer")
    record = build_record(ledger, Outcome.refused(internal_error()), 5.0)  # failed during the review
    assert (record.prompt_tokens, record.completion_tokens, record.decision) == (10, 20, None)
    ledger.reviewed = Reviewed.of(verdict(insecure=False, repaired=True), "repaired answer", repairs)
    repairs.add(Usage(100, 100))  # later calls do not change a verdict already given
    record = build_record(ledger, Outcome.ok(), 5.0)
    assert (record.prompt_tokens, record.completion_tokens) == (14, 26)
    assert record.repair_attempts == 1 and len((record.details or {})["repair_attempts"]) == 1
    assert record.response == "repaired answer"  # the text the findings refer to


def test_repair_calls_add_no_tokens_when_the_upstream_reported_none() -> None:
    repairs = RepairUsage()
    repairs.add(Usage(4, 6))
    ledger = prepared()
    ledger.generated = Generated(upstream_ttft_ms=1.0, text="answer")
    ledger.reviewed = Reviewed.of(None, "answer", repairs)
    record = build_record(ledger, Outcome.ok(), 5.0)
    assert (record.prompt_tokens, record.completion_tokens) == (None, None)
    assert record.decision == "allow"  # a stream with nothing to judge


@pytest.mark.parametrize(("outcome", "expected"), [
    (Outcome.stream_blocked("stream ended: a code block violates policy"),
     (200, "blocked", "policy_violation", "stream ended: a code block violates policy")),
    (Outcome.stream_failed(APIError(502, "cut", code="upstream_incomplete")),
     (200, "upstream_error", "upstream_incomplete", "cut")),
    (Outcome.stream_failed(APIError(503, "busy", code="overloaded")),
     (200, "error", "overloaded", "busy")),
    (Outcome.disconnected(), (200, "client_disconnect", "client_disconnect", None)),
])
def test_stream_endings(outcome: Outcome, expected: tuple[object, ...]) -> None:
    ledger = prepared()
    ledger.decoded = Decoded("m", stream=True)
    ledger.generated = Generated(upstream_ttft_ms=1.0, tokens=Usage(3, 4), text="partial")
    record = build_record(ledger, outcome, 9.0)
    assert (record.status_code, record.outcome, record.error_code, record.error_message) == expected
    assert record.response == "partial" and record.stream is True and record.upstream_ttft_ms == 1.0
    assert record.decision == ("block" if record.outcome == "blocked" else None)


def test_a_stream_that_never_started_has_status_zero() -> None:
    record = build_record(prepared(), Outcome.unfinished(), 0.0)
    assert (record.status_code, record.outcome, record.error_code) == (0, "ok", None)


def test_the_record_row_is_the_stored_format() -> None:
    """The built record serializes to exactly the columns the writer stores (format unchanged)."""
    ledger = prepared()
    ledger.generated = Generated(upstream_ms=3.0, tokens=Usage(10, 20), text="answer")
    ledger.reviewed = Reviewed.of(verdict(insecure=False), "answer", RepairUsage())
    row = build_record(ledger, Outcome.ok(), 5.0).row()
    assert set(row) == {
        "request_id", "trace_id", "created_at", "tenant_id", "tenant_name", "key_id", "client_addr", "endpoint",
        "model", "replica", "stream", "status_code", "outcome", "error_code", "error_message", "latency_ms",
        "upstream_ttft_ms", "upstream_ms", "prompt_tokens", "completion_tokens", "policy_version", "policy_mode",
        "decision", "details", "input_actions", "repair_attempts", "stage_ms", "store_bodies", "prompt_redacted",
        "response_redacted", "findings", "prompt", "response",
    }
    assert row["replica"] is None and row["response_redacted"] is False
