"""Audit write path: sustained records/s with the hash chain on, and per-record latency.

For SQLite (WAL, one file) and PostgreSQL (a throw-away local server, fsync on as in
production), with the real AuditWriter (group commit) and the real stores:
- sustained: `--producers` coroutines write records as fast as their commit returns
  (every record is durable before the next one from the same producer), for `--records`;
- latency at concurrency 1: one producer, time per `writer.write()` (p50/p99);
- peer in the same run: the same records with one transaction per record and no group
  commit (each producer appends its own record straight to the store) - what a naive
  "insert per request under the chain lock" design costs.
Records look like real ones: ~600 char prompt, ~1,200 char response, a finding on
every third record. Three body modes: `full` (stored as given; also what `redacted`
costs when the pipeline already redacted both texts), `redacted` (the prompt comes
redacted by the input guard, as the pipeline does; the writer secret-scans the
response) and `full` + AES-GCM encryption.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

from _harness import ROOT, percentile

sys.path.insert(0, str(ROOT))

from gateway.audit.config import AuditSettings, build_audit_writer
from gateway.audit.crypto import Keyring
from gateway.audit.entry import AuditEntry
from gateway.audit.store import chain_store_for
from gateway.audit.verify import verify_chain
from gateway.db.engine import create_engine
from gateway.db.migrate import upgrade

PROMPT = (
    "Write a Python function that reads a CSV file of invoices, groups them by customer and "
    "returns the total per customer, handling missing values and malformed rows. "
) * 4
RESPONSE = (
    "```python\nimport csv\nfrom collections import defaultdict\n\n\ndef totals(path):\n"
    "    result = defaultdict(float)\n    with open(path, newline='') as f:\n"
    "        for row in csv.DictReader(f):\n            try:\n"
    "                result[row['customer']] += float(row['amount'])\n"
    "            except (KeyError, ValueError):\n                continue\n    return dict(result)\n```\n"
) * 3
FINDING = {
    "scanner": "semgrep",
    "rule_id": "python.open-without-encoding",
    "severity": "low",
    "cwe": None,
    "message": "open() without encoding",
    "start_line": 7,
    "end_line": 7,
    "action": "annotate",
}

_counter = 0


def record(store_bodies: str = "redacted") -> AuditEntry:
    global _counter
    _counter += 1
    return AuditEntry(
        request_id=f"req_bench_{os.getpid()}_{_counter}",
        created_at=datetime.now(UTC),
        endpoint="/v1/chat/completions",
        client_addr="127.0.0.1",
        tenant_id=1,
        tenant_name="bench",
        key_id="k1",
        model="codellama-7b",
        status_code=200,
        latency_ms=12.5,
        upstream_ms=11.0,
        prompt_tokens=120,
        completion_tokens=300,
        policy_version="default@abc",
        policy_mode="enforce",
        decision="annotate",
        findings=[FINDING] if _counter % 3 == 0 else [],
        stage_ms={"input": 0.1, "scan": 2.0},
        store_bodies=store_bodies,  # type: ignore[arg-type]
        prompt_redacted=True,
        prompt=PROMPT,
        response=RESPONSE,
    )


async def sustained(
    url: str, settings: AuditSettings, producers: int, total: int, bodies: str = "full"
) -> float:
    engine = create_engine(url)
    writer = build_audit_writer(url, engine, settings)
    await writer.start()
    remaining = total

    async def producer() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await writer.write(record(bodies))

    try:
        start = time.perf_counter()
        await asyncio.gather(*(producer() for _ in range(producers)))
        return total / (time.perf_counter() - start)
    finally:
        await writer.aclose()
        await engine.dispose()


async def naive(url: str, producers: int, total: int) -> float:
    """Peer: one transaction per record, straight to the store (no group commit)."""
    engine = create_engine(url)
    store = chain_store_for(url, engine)
    remaining = total

    async def producer() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await store.append([record("full").row()])

    try:
        start = time.perf_counter()
        await asyncio.gather(*(producer() for _ in range(producers)))
        return total / (time.perf_counter() - start)
    finally:
        await store.aclose()
        await engine.dispose()


async def latency(url: str, settings: AuditSettings, n: int, store_bodies: str) -> list[float]:
    engine = create_engine(url)
    writer = build_audit_writer(url, engine, settings)
    await writer.start()
    samples = []
    try:
        for _ in range(n):
            entry = record(store_bodies)
            start = time.perf_counter()
            await writer.write(entry)
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        await writer.aclose()
        await engine.dispose()
    return samples


async def verified(url: str) -> tuple[bool, int, float]:
    engine = create_engine(url)
    try:
        start = time.perf_counter()
        report = await verify_chain(engine)
        return report.ok, report.checked, report.checked / (time.perf_counter() - start)
    finally:
        await engine.dispose()


async def run_backend(
    name: str, make_url: Callable[[str], Awaitable[str]], args: argparse.Namespace
) -> dict[str, float]:
    ring = Keyring([("bench", os.urandom(32))])
    plain, encrypted = AuditSettings(), AuditSettings(keyring=ring)
    out: dict[str, float] = {}
    url = await make_url("sustained")
    out["rps"] = await sustained(url, plain, args.producers, args.records)
    out["rps_redacted"] = await sustained(url, plain, args.producers, args.records, "redacted")
    out["rps_encrypted"] = await sustained(url, encrypted, args.producers, args.records)
    ok, checked, verify_rate = await verified(url)
    assert ok and checked == 3 * args.records, (ok, checked)
    out["verify_rps"] = verify_rate
    out["naive_rps"] = await naive(await make_url("naive"), args.producers, max(500, args.records // 4))
    lat_url = await make_url("latency")
    await latency(lat_url, plain, 50, "full")  # warm-up: connections, imports, caches
    full = await latency(lat_url, plain, args.latency_records, "full")
    redacted = await latency(lat_url, plain, args.latency_records, "redacted")
    out["p50_ms"], out["p99_ms"] = percentile(full, 50), percentile(full, 99)
    out["redacted_p50_ms"] = percentile(redacted, 50)
    print(
        f"{name}: sustained {out['rps']:,.0f} records/s with {args.producers} producers (bodies full); "
        f"redacted {out['rps_redacted']:,.0f}/s; encrypted {out['rps_encrypted']:,.0f}/s; "
        f"peer (one transaction per record, no group commit) {out['naive_rps']:,.0f}/s"
    )
    print(
        f"{name}: concurrency 1: p50 {out['p50_ms']:.3f} ms, p99 {out['p99_ms']:.3f} ms per record "
        f"(bodies full); redacted bodies p50 {out['redacted_p50_ms']:.3f} ms; verify {verify_rate:,.0f} records/s"
    )
    return out


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--producers", type=int, default=64)
    parser.add_argument("--latency-records", type=int, default=1000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    results: dict[str, dict[str, float]] = {}
    async with AsyncExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sluice-audit-bench-")))

        async def sqlite_url(name: str) -> str:
            url = f"sqlite+aiosqlite:///{tmp / name}.db"
            await asyncio.to_thread(upgrade, url)
            return url

        results["sqlite"] = await run_backend("sqlite", sqlite_url, args)
        if not args.skip_postgres:
            from tests.support.postgres import PostgresServer, find_pg_bin

            if find_pg_bin() is None:
                print("postgres: skipped (initdb/pg_ctl not found)")
            else:
                server = PostgresServer(fsync=True)  # production durability: an fsync per commit
                stack.callback(server.stop)
                server.start()

                async def pg_url(name: str) -> str:
                    url = await asyncio.to_thread(server.create_database, f"bench_{name}")
                    await asyncio.to_thread(upgrade, url)
                    return url

                results["postgres"] = await run_backend("postgres", pg_url, args)
    fields = []
    for backend, figures in results.items():
        fields += [
            f"{backend}_records_per_s={figures['rps']:.0f}",
            f"{backend}_redacted_records_per_s={figures['rps_redacted']:.0f}",
            f"{backend}_encrypted_records_per_s={figures['rps_encrypted']:.0f}",
            f"{backend}_naive_records_per_s={figures['naive_rps']:.0f}",
            f"{backend}_p50_ms={figures['p50_ms']:.3f}",
            f"{backend}_p99_ms={figures['p99_ms']:.3f}",
            f"{backend}_redacted_p50_ms={figures['redacted_p50_ms']:.3f}",
            f"{backend}_verify_records_per_s={figures['verify_rps']:.0f}",
        ]
    print("RESULT " + " ".join(fields))


if __name__ == "__main__":
    asyncio.run(main())
