"""The decision on a whole answer (non-streamed and buffer mode): judge, repair, record, refuse."""

from __future__ import annotations

from typing import Any

from litestar import Response

from gateway.audit import AuditEntry
from gateway.errors import policy_violation
from gateway.guard.output import Verdict, refusal_message
from gateway.pipeline.deps import ModeDeps
from gateway.pipeline.record import answer_error, count_repairs, decision_headers, record_verdict
from gateway.pipeline.request import GenerationRequest


async def judge_answer(deps: ModeDeps, gen: GenerationRequest, entry: AuditEntry, original: str,
                       usage: dict[str, Any] | None, started: float) -> tuple[Verdict, Response[bytes] | None]:
    """The verdict, in the record; with the 403 answer (already recorded) when it blocks."""
    assert gen.trace is not None
    with gen.trace.stage("output_guard"):
        verdict = await deps.reviewer.review_with_repair(gen, original)
    count_repairs(entry, gen)
    gen.repairs.into(usage)
    record_verdict(entry, verdict, verdict.source if verdict.attempts and verdict.source else original)
    if verdict.action not in ("block", "repair"):
        return verdict, None
    error = policy_violation(refusal_message(verdict), verdict.summary()["findings"])
    return verdict, await answer_error(deps.audit, entry, error, started, decision_headers(gen.policy, verdict))
