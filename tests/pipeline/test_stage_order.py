"""The stage list in `pipeline/stages.py` is the one order: tracing uses the same tuple, and the
stages a real request records in its audit record's `stage_ms` are named from it, in its order
(through the real gateway, on SQLite and PostgreSQL)."""

from __future__ import annotations

import httpx

from gateway.pipeline import stages
from gateway.telemetry import STAGES, tracing
from tests.support import db
from tests.support.servers import GatewayServer


def test_tracing_uses_the_pipeline_stage_list() -> None:
    assert STAGES is stages.STAGES and tracing.STAGES is stages.STAGES
    assert STAGES[0] == "auth" and STAGES[-1] == "audit_write"


def test_a_request_records_its_stages_in_pipeline_order(gateway: GatewayServer, api_key: str, db_url: str) -> None:
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "write a function"}]}
    reply = httpx.post(gateway.url + "/v1/chat/completions", json=body,
                       headers={"authorization": f"Bearer {api_key}"}, timeout=30)
    assert reply.status_code == 200, reply.text
    [record] = db.audit_rows(db_url, request_id=reply.headers["x-request-id"])
    names = list(record.stage_ms or {})
    # Scanners time themselves inside `output_guard` as `scan.<scanner>`; the rest are pipeline stages.
    assert all(name.startswith("scan.") for name in names if name not in STAGES)
    recorded = [name for name in names if name in STAGES]
    # Every stage up to the output guard ran, in order, and was timed before the record was written.
    assert recorded[: STAGES.index("output_guard") + 1] == list(STAGES[: STAGES.index("output_guard") + 1])
    assert recorded == sorted(recorded, key=STAGES.index)
