"""A refusal says what happened: overload is retryable, a failed scan is not a policy violation (issue 15).

- Scanning at capacity (the engine's bounded queues are full) is answered `503` with
  `Retry-After` and `code: "overloaded"`, or, in a stream, an error event with that code and
  `retry_after`; never a `cyber_policy` block. Real engine with a one-slot, no-queue capacity and
  concurrent clients, each with different code (identical snippets would come from the cache).
- A real engine failure (semgrep-core missing) stays fail-closed (`on_error: block`), but the
  message says the scan could not complete, not that the code violates policy.
"""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from gateway.guard.output import OutputGuard
from gateway.scanning import ScanEngine, ScanSettings
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.scripted_upstream import Reply
from tests.support.servers import GatewayServer

CODE = "Here:\n```python\ndef add(a, b):\n    return a + b\n```\n"


def start_gateway(url: str, upstream, policies: Path, settings: ScanSettings) -> GatewayServer:  # type: ignore[no-untyped-def]
    server = GatewayServer(gateway_settings(url, upstream.base_url, policies))
    engine = ScanEngine.from_settings(settings)
    server.services.scanner = engine
    server.services.generation.guard = OutputGuard(engine)
    return server.start()


def tenant_key(url: str, tenant: str = "honest") -> str:
    db.create_tenant(url, tenant)
    return db.create_key(url, tenant)


def stream_events(server: GatewayServer, key: str) -> tuple[str, list[dict[str, Any]]]:
    with httpx.stream("POST", server.url + "/v1/chat/completions", timeout=60,
                      headers={"authorization": f"Bearer {key}"},
                      json={"model": "codellama-7b", "stream": True,
                            "messages": [{"role": "user", "content": "add"}]}) as response:
        assert response.status_code == 200
        request_id = response.headers["x-request-id"]
        payloads = [line.removeprefix("data: ") for line in response.iter_lines() if line.startswith("data: ")]
    assert payloads[-1] == "[DONE]"
    return request_id, [msgspec.json.decode(p) for p in payloads[:-1]]


def test_a_failed_scan_is_withheld_but_not_called_a_violation(fresh_database, upstream, policies_dir: Path) -> None:
    url = fresh_database("sqlite")
    key = tenant_key(url)
    server = start_gateway(url, upstream, policies_dir,
                           ScanSettings(semgrep_core_path=Path("/nonexistent/semgrep-core"), semgrep_mode="batch",
                                        timeout_s=20.0))
    try:
        upstream.script(Reply(content=CODE))
        body = {"model": "codellama-7b", "messages": [{"role": "user", "content": "add"}]}
        answer = httpx.post(server.url + "/v1/chat/completions", headers={"authorization": f"Bearer {key}"},
                            timeout=60, json=body)
        assert answer.status_code == 403, answer.text  # fail closed: on_error block
        error = answer.json()["error"]
        assert "could not be scanned completely (semgrep failed)" in error["message"]
        assert "violates" not in error["message"]

        upstream.script(Reply(content=CODE, chunks=12))
        request_id, events = stream_events(server, key)
        [event] = [e["error"] for e in events if "error" in e]
        assert "could not be scanned completely" in event["message"] and "violates" not in event["message"]
        assert "def add" not in "".join((c.get("delta") or {}).get("content") or ""
                                        for e in events for c in e.get("choices", []))
        [row] = db.audit_rows(url, request_id=request_id)
        assert row.decision == "block" and "could not be scanned" in row.error_message
    finally:
        server.stop()


def overload_settings() -> ScanSettings:
    capacity = pytest.importorskip("gateway.scanning.capacity", reason="scanning capacity (bounded queues) not landed")
    del capacity
    fields = {f.name for f in dataclasses.fields(ScanSettings)}
    if "capacity" not in fields:
        pytest.skip("ScanSettings has no capacity section yet")
    from gateway.scanning.settings import ScanCapacity  # type: ignore[attr-defined]

    return ScanSettings(timeout_s=20.0, capacity=ScanCapacity(max_concurrent_scans=1, max_queued_scans=0,
                                                             cache_entries=0, retry_after_s=2))


def answer_with(i: int) -> str:
    body = "\n".join(f"    total += {j} * x{i}" for j in range(40))
    return f"Sure:\n```python\ndef f{i}(x{i}):\n    total = 0\n{body}\n    return total\n```\nDone.\n"


@pytest.mark.parametrize("streamed", [False, True], ids=["json", "stream"])
def test_scanning_at_capacity_is_a_retryable_503_never_a_policy_block(
        fresh_database, upstream, policies_dir: Path, streamed: bool) -> None:
    settings = overload_settings()
    url = fresh_database("sqlite")
    key = tenant_key(url)
    server = start_gateway(url, upstream, policies_dir, settings)
    clients = 12
    try:
        upstream.script(*(Reply(content=answer_with(i), chunks=4) for i in range(clients)))

        def ask(_: int) -> tuple[int, str, str, dict[str, Any] | None]:
            body = {"model": "codellama-7b", "stream": streamed, "messages": [{"role": "user", "content": "f"}]}
            with httpx.stream("POST", server.url + "/v1/chat/completions", json=body, timeout=60,
                              headers={"authorization": f"Bearer {key}"}) as response:
                raw = response.read()
                retry_after = response.headers.get("retry-after", "")
                request_id = response.headers["x-request-id"]
            if not streamed:
                error = msgspec.json.decode(raw).get("error") if response.status_code != 200 else None
                return response.status_code, retry_after, request_id, error
            events = [msgspec.json.decode(p[6:]) for p in raw.decode().split("\n\n") if p.startswith("data: {")]
            errors = [e["error"] for e in events if "error" in e]
            return response.status_code, retry_after, request_id, errors[0] if errors else None

        with ThreadPoolExecutor(clients) as pool:
            results = list(pool.map(ask, range(clients)))
    finally:
        server.stop()
    codes = [error["code"] for _, _, _, error in results if error is not None]
    assert "cyber_policy" not in codes, results
    assert set(codes) <= {"overloaded"}, results
    assert codes, f"twelve clients on one scan slot with no queue: some must be refused ({results})"
    for status, retry_after, request_id, error in results:
        if error is None:
            assert status == 200
            continue
        if streamed:
            assert status == 200 and error["retryable"] is True and error["retry_after"] == 2
        else:
            assert status == 503 and retry_after == "2" and error["type"] == "server_error"
        [row] = db.audit_rows(url, request_id=request_id)
        assert row.error_code == "overloaded" and row.decision != "block"
