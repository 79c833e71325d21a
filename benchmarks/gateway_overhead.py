"""Gateway overhead: the same requests straight to the upstream and through Sluice.

Both paths hit the same scripted OpenAI-compatible upstream (its own process) on
loopback, in one run, interleaved in rounds so drift hits both alike. Sluice runs as
`sluice serve` (1 worker) with authentication and the audit trail on (SQLite, WAL,
one hash-chained record per request, committed before the response).

Figures: added latency p50/p99 (non-streaming, concurrency 1), added time to first
streamed byte p50/p99, and throughput at a fixed concurrency. The core configuration
runs once more on a throw-away PostgreSQL (fsync on), the production database.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import sys
import time

import aiohttp
from _harness import CORE_POLICIES, ROOT, percentile, scripted_upstream, sluice_gateway

CHAT = {"model": "scripted-model", "messages": [{"role": "user", "content": "write a function"}], "max_tokens": 64}
STREAM = {**CHAT, "stream": True}


def timed_requests(port: int, key: str | None, body: dict, n: int, first_byte: bool) -> list[float]:
    """Sequential requests on one keep-alive connection; ms to full response or first body byte."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    payload = json.dumps(body)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("POST", "/v1/chat/completions", body=payload, headers=headers)
        response = conn.getresponse()
        if first_byte:
            response.read(1)
            samples.append((time.perf_counter() - start) * 1000)
            response.read()
        else:
            response.read()
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status == 200, response.status
    conn.close()
    return samples


async def throughput(port: int, key: str | None, concurrency: int, total: int) -> float:
    headers = {"authorization": f"Bearer {key}"} if key else {}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        remaining = total

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                async with session.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=CHAT,
                                        headers=headers) as response:
                    await response.read()
                    assert response.status == 200

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return total / (time.perf_counter() - start)


def measure(upstream_port: int, gateway_port: int, key: str, args: argparse.Namespace) -> dict[str, float]:
    per_round = max(1, args.requests // args.rounds)
    timed_requests(upstream_port, None, CHAT, 100, False)  # warm both paths
    timed_requests(gateway_port, key, CHAT, 100, False)
    direct: list[float] = []
    gateway: list[float] = []
    direct_ttfb: list[float] = []
    gateway_ttfb: list[float] = []
    for _ in range(args.rounds):  # interleaved, so drift hits both paths alike
        direct += timed_requests(upstream_port, None, CHAT, per_round, False)
        gateway += timed_requests(gateway_port, key, CHAT, per_round, False)
        direct_ttfb += timed_requests(upstream_port, None, STREAM, per_round // 2, True)
        gateway_ttfb += timed_requests(gateway_port, key, STREAM, per_round // 2, True)
    total = max(400, args.requests // 2)
    return {
        "d50": percentile(direct, 50), "d99": percentile(direct, 99),
        "g50": percentile(gateway, 50), "g99": percentile(gateway, 99),
        "sd50": percentile(direct_ttfb, 50), "sd99": percentile(direct_ttfb, 99),
        "sg50": percentile(gateway_ttfb, 50), "sg99": percentile(gateway_ttfb, 99),
        "upstream_rps": asyncio.run(throughput(upstream_port, None, args.concurrency, total)),
        "gateway_rps": asyncio.run(throughput(gateway_port, key, args.concurrency, total)),
        "n": len(direct),
    }


def measure_on_postgres(upstream_port: int, args: argparse.Namespace) -> dict[str, float] | None:
    """The core configuration with the production database: a throw-away PostgreSQL, fsync on."""
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import PostgresServer, find_pg_bin

    if find_pg_bin() is None:
        print("postgres: skipped (initdb/pg_ctl not found)")
        return None
    server = PostgresServer(fsync=True).start()
    try:
        url = server.create_database("bench_gateway")
        with sluice_gateway(upstream_port, policies=CORE_POLICIES, database_url=url) as (port, key):
            return measure(upstream_port, port, key, args)
    finally:
        server.stop()


def report(title: str, m: dict[str, float], concurrency: int) -> None:
    print(f"== {title}")
    print(f"non-streaming, concurrency 1, {m['n']:.0f} requests per path")
    print(f"  upstream alone   p50 {m['d50']:7.3f} ms   p99 {m['d99']:7.3f} ms")
    print(f"  through Sluice   p50 {m['g50']:7.3f} ms   p99 {m['g99']:7.3f} ms")
    print(f"  added            p50 {m['g50'] - m['d50']:7.3f} ms   p99 {m['g99'] - m['d99']:7.3f} ms")
    print("streaming, time to first byte")
    print(f"  upstream alone   p50 {m['sd50']:7.3f} ms   p99 {m['sd99']:7.3f} ms")
    print(f"  through Sluice   p50 {m['sg50']:7.3f} ms   p99 {m['sg99']:7.3f} ms")
    print(f"throughput at concurrency {concurrency}: upstream alone {m['upstream_rps']:.0f} req/s,"
          f" through Sluice {m['gateway_rps']:.0f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per path, non-streaming")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--skip-postgres", action="store_true", help="core on SQLite only")
    args = parser.parse_args()

    postgres: dict[str, float] | None = None
    with scripted_upstream() as upstream_port:
        with sluice_gateway(upstream_port, policies=CORE_POLICIES) as (port, key):
            core = measure(upstream_port, port, key, args)
        with sluice_gateway(upstream_port) as (port, key):
            full = measure(upstream_port, port, key, args)
        if not args.skip_postgres:
            postgres = measure_on_postgres(upstream_port, args)
    report("core: auth + validation + audit (hash-chained, SQLite), no scanners", core, args.concurrency)
    report("full: shipped default policy (input guard + output scanning of the prose answer)", full,
           args.concurrency)
    if postgres is not None:
        report("core on PostgreSQL (key lookup and audit chain in a local server, fsync on)", postgres,
               args.concurrency)
    c = args.concurrency
    print(
        f"RESULT added_p50_ms={core['g50'] - core['d50']:.3f} added_p99_ms={core['g99'] - core['d99']:.3f} "
        f"stream_ttfb_added_p50_ms={core['sg50'] - core['sd50']:.3f} "
        f"stream_ttfb_added_p99_ms={core['sg99'] - core['sd99']:.3f} "
        f"gateway_rps_c{c}={core['gateway_rps']:.0f} upstream_rps_c{c}={core['upstream_rps']:.0f} "
        f"full_policy_added_p50_ms={full['g50'] - full['d50']:.3f} "
        f"full_policy_added_p99_ms={full['g99'] - full['d99']:.3f} "
        f"full_policy_rps_c{c}={full['gateway_rps']:.0f}"
        + (f" postgres_added_p50_ms={postgres['g50'] - postgres['d50']:.3f}"
           f" postgres_added_p99_ms={postgres['g99'] - postgres['d99']:.3f}"
           f" postgres_rps_c{c}={postgres['gateway_rps']:.0f}" if postgres else "")
    )


if __name__ == "__main__":
    main()
