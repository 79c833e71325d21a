"""Issue 12, observation 6: after a PostgreSQL restart the first request on an idle gateway succeeds.

The gateway holds connections across requests (the audit store's, the key lookup's, the
license index's pool). A restart kills them while idle; before, the first request then
failed (503 audit_unavailable, InterfaceError on the held audit connection, or a
license-index scanner error blocking the answer) while /readyz said 200. Each now
reconnects once and retries where that is safe, and /readyz reports the audit store's
connection (503 while it cannot be re-established, 200 after).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from gateway.db.migrate import upgrade
from tests.audit.helpers import verify
from tests.conftest import gateway_settings
from tests.support import db
from tests.support.postgres import PostgresServer
from tests.support.servers import GatewayServer

# Echoed by the scripted upstream: code long enough for the license index to be queried (fingerprints).
CODE = "```python\n" + "".join(
    f"def scaled_sum_{i}(values, factor):\n    total = 0\n    for value in values:\n"
    f"        total += value * factor + {i}\n    return total\n\n"
    for i in range(4)
) + "```\n"


def _ask(server: GatewayServer, key: str) -> httpx.Response:
    body = {"model": "codellama-7b", "messages": [{"role": "user", "content": CODE}]}
    return httpx.post(server.url + "/v1/chat/completions", json=body, timeout=60,
                      headers={"authorization": f"Bearer {key}"})


def _ready(server: GatewayServer) -> tuple[int, dict[str, Any]]:
    response = httpx.get(server.url + "/readyz", timeout=30)
    return response.status_code, response.json()["checks"]


def test_first_request_after_a_postgres_restart_succeeds_with_its_record(
    own_postgres: PostgresServer, upstream: Any, policies_dir: Path
) -> None:
    url = own_postgres.create_database("restart")
    upgrade(url)
    db.create_tenant(url, "restart")
    key = db.create_key(url, "restart")
    settings = gateway_settings(url, upstream.base_url, policies_dir)
    server = GatewayServer(replace(settings, models=settings.models[:1])).start()  # only the live model
    try:
        warm = _ask(server, key)  # opens the held connections: key lookup, audit store, license index
        assert warm.status_code == 200, warm.text
        assert _ready(server)[0] == 200

        own_postgres.halt()
        own_postgres.resume()
        first = _ask(server, key)  # every held connection is dead now
        assert first.status_code == 200, first.text
        assert first.json()["choices"][0]["message"]["content"]
        assert _ready(server) == (200, {"database": "ok", "audit": "ok", "model:codellama-7b": "ok"})

        own_postgres.halt()
        status, checks = _ready(server)  # the audit connection cannot be re-established
        assert status == 503 and checks["audit"].startswith("error"), checks
        own_postgres.resume()
        assert _ready(server)[0] == 200
        after = _ask(server, key)
        assert after.status_code == 200, after.text
    finally:
        server.stop()

    records = {row.request_id: row for row in db.audit_rows(url)}
    for response in (warm, first, after):
        assert records[response.headers["x-request-id"]].status_code == 200
    report = verify(url)
    assert report.ok, report


def test_license_index_survives_a_restart_without_a_false_scanner_error(own_postgres: PostgresServer) -> None:
    import asyncio

    from gateway.scanning.license.index import LicenseIndex

    url = own_postgres.create_database("license_restart")
    upgrade(url)
    source = CODE.strip("`\npython")

    async def search(index: LicenseIndex) -> int:
        return len(await index.search(source, min_chars=50))

    async def main() -> tuple[int, int]:
        index = LicenseIndex.from_url(url)
        try:
            await index.add("lib/scaled.py", source, "GPL-3.0-only")
            before = await search(index)  # leaves a pooled connection behind
            await asyncio.to_thread(own_postgres.halt)
            await asyncio.to_thread(own_postgres.resume)
            return before, await search(index)  # that pooled connection is dead now
        finally:
            await index.aclose()

    assert asyncio.run(main()) == (1, 1)
