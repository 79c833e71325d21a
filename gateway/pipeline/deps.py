"""What the response modes need from the pipeline, passed in (the modes never import the service)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from gateway.audit import AuditWriter
from gateway.pipeline.request import GenerationRequest
from gateway.pipeline.results import Ledger
from gateway.pipeline.review import Reviewer
from gateway.routing.replicas import ReplicaRouter, RoutedStream
from gateway.telemetry import RequestTrace, StageSpan

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class ModeDeps:
    reviewer: Reviewer
    audit: AuditWriter
    router: ReplicaRouter
    # Once per request, when its answer is over: settle limits, count it, end its trace.
    finish: Callable[[GenerationRequest | None, Ledger, RequestTrace], None]

    async def open_upstream(self, gen: GenerationRequest) -> tuple[RoutedStream, StageSpan]:
        """The upstream stream and its open `upstream` stage (ended by the reader)."""
        assert gen.trace is not None
        call = gen.trace.stage("upstream")
        try:
            stream = await self.router.open_stream(gen.model, gen.path, _encoder.encode(gen.upstream_body),
                                                   tenant=gen.tenant, headers=call.inject(dict(gen.headers)))
        except BaseException as exc:
            call.error(exc)
            call.end()
            raise
        return stream, call
