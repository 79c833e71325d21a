"""The decision on a whole answer (non-streamed and buffer mode): judge, repair, record, refuse."""

from __future__ import annotations

from typing import Any

from litestar import Response

from gateway.errors import policy_violation
from gateway.guard.output import Verdict, refusal_message
from gateway.pipeline.deps import ModeDeps
from gateway.pipeline.record import answer_error, decision_headers
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.results import Ledger, Reviewed


async def judge_answer(deps: ModeDeps, gen: GenerationRequest, ledger: Ledger, original: str,
                       usage: dict[str, Any] | None, started: float) -> tuple[Verdict, Response[bytes] | None]:
    """The verdict, in the ledger; with the 403 answer (already recorded) when it blocks."""
    assert gen.trace is not None
    with gen.trace.stage("output_guard"):
        verdict = await deps.reviewer.review_with_repair(gen, original)
    gen.repairs.into(usage)
    # The record's body is the text the findings refer to: the last repaired answer, if any.
    ledger.reviewed = Reviewed.of(verdict, verdict.source if verdict.attempts and verdict.source else original,
                                  gen.repairs)
    if verdict.action not in ("block", "repair"):
        return verdict, None
    error = policy_violation(refusal_message(verdict), verdict.summary()["findings"])
    return verdict, await answer_error(deps.audit, ledger, error, started, decision_headers(gen.policy, verdict))
