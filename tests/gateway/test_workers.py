"""`sluice serve --workers 2` with Redis: one rate limit, one /metrics and one audit chain for both workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.audit.helpers import verify
from tests.support import db
from tests.support.postgres import free_port
from tests.support.redis import RedisServer

SLUICE = [sys.executable, "-m", "gateway.cli"]
LIMIT = 12
ATTEMPTS = 40


def _wait_healthy(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("sluice serve --workers 2 did not become healthy")


def test_two_workers_share_limits_metrics_and_one_audit_chain(
    fresh_database: Any, upstream: Any, policies_dir: Path, redis_server: RedisServer, tmp_path: Path
) -> None:
    url = str(fresh_database("sqlite"))
    db.create_tenant(url, "workers")
    key = db.create_key(url, "workers")
    config = tmp_path / "sluice.yaml"
    config.write_text(
        "models:\n"
        "  - name: codellama-7b\n"
        f"    upstream: {upstream.base_url}\n"
        "limits:\n"
        f"  key: {{requests_per_minute: {LIMIT}}}\n"
    )
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = {**os.environ, "SLUICE_DATABASE_URL": url, "SLUICE_REDIS_URL": redis_server.url,
           "SLUICE_POLICIES_DIR": str(policies_dir), "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
           "SLUICE_CACHE_SALT_SECRET": "s" * 32}
    port = free_port()
    process = subprocess.Popen(
        [*SLUICE, "serve", "--config", str(config), "--port", str(port), "--workers", "2", "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(port, process)
        # Both workers up (each writes its live gauge file at start), or the first could take every connection.
        deadline = time.monotonic() + 60
        while len({p.stem.rsplit("_", 1)[-1] for p in metrics_dir.glob("gauge_livesum_*.db")}) < 2:
            assert time.monotonic() < deadline, sorted(p.name for p in metrics_dir.iterdir())
            time.sleep(0.2)

        def call(i: int) -> int:  # a new connection each time: the kernel spreads them over the workers
            body = {"model": "codellama-7b", "messages": [{"role": "user", "content": f"q{i}"}]}
            response = httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body,
                                  headers={"authorization": f"Bearer {key}"}, timeout=30)
            return response.status_code

        def serving() -> set[str]:  # each worker writes its own counter file once it counts a request
            return {path.stem.rsplit("_", 1)[-1] for path in metrics_dir.glob("counter_*.db")}

        # The kernel hands each new connection to whichever worker accepts first; on a busy box one worker
        # can take a whole round, so rounds go on (bounded, well inside the limit's minute) until both served.
        statuses: Counter[int] = Counter()
        attempts = 0
        with ThreadPoolExecutor(8) as pool:
            while attempts < ATTEMPTS or (len(serving()) < 2 and attempts < 5 * ATTEMPTS):
                statuses.update(pool.map(call, range(attempts, attempts + ATTEMPTS)))
                attempts += ATTEMPTS
        scrape = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    finally:
        process.terminate()
        process.wait(timeout=30)

    # Both workers served requests...
    assert len(serving()) >= 2, sorted(p.name for p in metrics_dir.iterdir())
    # ...yet the limit held exactly once, not once per worker.
    assert statuses == {200: LIMIT, 429: attempts - LIMIT}, statuses
    # One scrape reports the whole process group.
    requests = sum(sample.value for family in text_string_to_metric_families(scrape)
                   if family.name == "sluice_requests" for sample in family.samples
                   if sample.name == "sluice_requests_total")
    assert requests == attempts
    # Every request, refused or not, has its record in one chain both workers wrote to.
    rows = db.audit_rows(url)
    assert Counter(row.status_code for row in rows if row.endpoint == "/v1/chat/completions") == statuses
    report = verify(url)
    assert report.ok and report.checked == len(rows), report
