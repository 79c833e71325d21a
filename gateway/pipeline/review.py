"""The output guard stage: scan an answer and decide, and the repair loop (one, for every mode).

While the policy says repair, the model gets its answer back with the findings (a non-streamed
call whose tokens count toward the request's usage), and the new answer is judged again; when
the attempts run out the answer is blocked. Whole answers and streamed code blocks differ only
in the prompt they send and in what of the reply they judge.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec

from gateway.api.views import decode_upstream
from gateway.guard.output import OutputGuard, Verdict, attempt_record
from gateway.guard.repair import repair_messages, repair_prompt
from gateway.pipeline.infill import infill
from gateway.pipeline.request import GenerationRequest
from gateway.routing.replicas import ReplicaRouter
from gateway.scanning import Finding

_encoder = msgspec.json.Encoder()
# The upstream body of a repair call, from the text to repair and its findings.
RepairBody = Callable[[str, list[Finding]], dict[str, Any]]


def _same(reply: str) -> str | None:
    return reply


class Reviewer:
    def __init__(self, guard: OutputGuard, upstream: ReplicaRouter) -> None:
        self.guard = guard
        self.upstream = upstream

    async def review(self, gen: GenerationRequest, text: str) -> Verdict:
        if gen.kind == "chat":
            return await self.guard.review_chat(text, gen.policy, gen.language)
        return await self.guard.review_completion(text, gen.policy, gen.language, prefix=gen.prefix,
                                                  suffix=gen.suffix)

    async def review_with_repair(self, gen: GenerationRequest, text: str) -> Verdict:
        """A whole answer: reviewed, repaired while the policy says so."""
        verdict = await self.review(gen, text)
        return await self.repair(gen, text, verdict, lambda answer, found: answer_repair_body(gen, answer, found))

    async def repair(self, gen: GenerationRequest, text: str, verdict: Verdict, body_for: RepairBody,
                     extract: Callable[[str], str | None] = _same) -> Verdict:
        """The repair loop. `extract` picks what of a reply is judged (None: nothing usable)."""
        attempts: list[dict[str, Any]] = []
        while verdict.action == "repair" and len(attempts) < verdict.decision.repair_max_attempts:
            attempts.append(attempt_record(text, "repair", verdict.decision))
            fixed = extract(await self.repair_call(gen, body_for(text, verdict.findings())))
            if fixed is None:
                continue
            text = fixed
            verdict = await self.review(gen, text)
        if verdict.action == "repair":  # exhausted: fall back to block
            attempts.append(attempt_record(text, "block", verdict.decision))
        verdict.attempts = attempts
        return verdict

    async def repair_call(self, gen: GenerationRequest, body: dict[str, Any]) -> str:
        """One repair re-prompt (not streamed); its tokens count toward the request's usage."""
        reply = await self.upstream.post(gen.model, gen.path, _encoder.encode(body), tenant=gen.tenant,
                                         headers=gen.headers)
        view = decode_upstream(reply.body)[1]
        gen.repairs.add(view.usage)
        return view.text()


def repair_base(gen: GenerationRequest) -> dict[str, Any]:
    """The request as sent, not streamed: what every repair call starts from."""
    body = dict(gen.upstream_body, stream=False)
    body.pop("stream_options", None)
    return body


def answer_repair_body(gen: GenerationRequest, answer: str, findings: list[Finding]) -> dict[str, Any]:
    body = repair_base(gen)
    if gen.kind == "chat":
        body["messages"] = repair_messages(body["messages"], answer, findings)
    elif gen.fim:  # the same infill format, the findings above the prefix, the suffix kept
        body.update(infill(gen.model, repair_prompt(gen.prefix, findings), gen.suffix, body.get("stop")))
    else:
        body["prompt"] = repair_prompt(gen.prefix, findings)
    return body
