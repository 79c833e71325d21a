"""Gateway overhead: the same requests straight to the upstream and through Sluice.

Both paths hit the same scripted OpenAI-compatible upstream (its own process) on
loopback, in one run, interleaved in rounds so drift hits both alike. Sluice runs as
`sluice serve` (1 worker) with authentication and the audit trail on (SQLite, WAL,
one hash-chained record per request, committed before the response).

Figures: added latency p50/p99 (non-streaming, concurrency 1), added time to first
streamed byte p50/p99, and throughput at a fixed concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import time

import aiohttp

from _harness import percentile, scripted_upstream, sluice_gateway

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000, help="per path, non-streaming")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    with scripted_upstream() as upstream_port, sluice_gateway(upstream_port) as (gateway_port, key):
        per_round = max(1, args.requests // args.rounds)
        # Warm both paths (connection pools, JIT-free but cache-warm Python).
        timed_requests(upstream_port, None, CHAT, 100, False)
        timed_requests(gateway_port, key, CHAT, 100, False)
        direct: list[float] = []
        gateway: list[float] = []
        direct_ttfb: list[float] = []
        gateway_ttfb: list[float] = []
        for _ in range(args.rounds):
            direct += timed_requests(upstream_port, None, CHAT, per_round, False)
            gateway += timed_requests(gateway_port, key, CHAT, per_round, False)
            direct_ttfb += timed_requests(upstream_port, None, STREAM, per_round // 2, True)
            gateway_ttfb += timed_requests(gateway_port, key, STREAM, per_round // 2, True)
        total = max(400, args.requests // 2)
        upstream_rps = asyncio.run(throughput(upstream_port, None, args.concurrency, total))
        gateway_rps = asyncio.run(throughput(gateway_port, key, args.concurrency, total))

    d50, d99 = percentile(direct, 50), percentile(direct, 99)
    g50, g99 = percentile(gateway, 50), percentile(gateway, 99)
    s_d50, s_d99 = percentile(direct_ttfb, 50), percentile(direct_ttfb, 99)
    s_g50, s_g99 = percentile(gateway_ttfb, 50), percentile(gateway_ttfb, 99)
    print(f"non-streaming, concurrency 1, {len(direct)} requests per path")
    print(f"  upstream alone   p50 {d50:7.3f} ms   p99 {d99:7.3f} ms")
    print(f"  through Sluice   p50 {g50:7.3f} ms   p99 {g99:7.3f} ms")
    print(f"  added            p50 {g50 - d50:7.3f} ms   p99 {g99 - d99:7.3f} ms")
    print(f"streaming time to first byte, {len(direct_ttfb)} requests per path")
    print(f"  upstream alone   p50 {s_d50:7.3f} ms   p99 {s_d99:7.3f} ms")
    print(f"  through Sluice   p50 {s_g50:7.3f} ms   p99 {s_g99:7.3f} ms")
    print(f"throughput at concurrency {args.concurrency}: upstream alone {upstream_rps:.0f} req/s,"
          f" through Sluice {gateway_rps:.0f} req/s")
    print(
        f"RESULT added_p50_ms={g50 - d50:.3f} added_p99_ms={g99 - d99:.3f} "
        f"stream_ttfb_added_p50_ms={s_g50 - s_d50:.3f} stream_ttfb_added_p99_ms={s_g99 - s_d99:.3f} "
        f"upstream_p50_ms={d50:.3f} gateway_p50_ms={g50:.3f} "
        f"gateway_rps_c{args.concurrency}={gateway_rps:.0f} upstream_rps_c{args.concurrency}={upstream_rps:.0f}"
    )


if __name__ == "__main__":
    main()
