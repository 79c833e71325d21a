"""Per-request cost of admission control and telemetry.

- In-process limiter: admit + settle with every limit on (tenant and key: requests/min,
  tokens/min, tokens/day, concurrency).
- Redis limiter (a redis-server this script starts on loopback): admit + settle, both one
  atomic Lua call, latency at concurrency 1 and throughput at concurrency 32. Peer from
  the same run and server: the common naive fixed-window limiter (INCR + EXPIRE in one
  pipeline, requests per minute only, no tokens, no concurrency, no release).
- Telemetry per stage: tracing off (metrics only, the default) and on (SDK with an
  in-memory exporter).
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import time

import redis.asyncio as aioredis
from _harness import free_port, percentile
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.limits import InProcessLimiter, LimitPolicy, Limits, LimitSubject, RedisLimiter
from gateway.telemetry import Metrics, Tracing

BIG = Limits(requests_per_minute=10**9, tokens_per_minute=10**12, tokens_per_day=10**13,
             concurrent_requests=10**6)
POLICY = LimitPolicy(tenant=BIG, key=BIG)
SUBJECT = LimitSubject(1, "key")


def bench_memory(n: int = 50_000) -> float:
    limiter = InProcessLimiter()
    start = time.perf_counter()
    for _ in range(n):
        admission = limiter.admit_now(SUBJECT, POLICY, 300)
        limiter.settle_now(admission, 200)
    return (time.perf_counter() - start) / n * 1e6


async def bench_redis(url: str, n: int, concurrency: int) -> tuple[list[float], float, list[float], float]:
    limiter = RedisLimiter(url, prefix="bench:")
    naive = aioredis.from_url(url)

    async def ours() -> None:
        admission = await limiter.admit(SUBJECT, POLICY, 300)
        await limiter.settle(admission, 200)

    async def peer() -> None:
        window = int(time.time() // 60)
        async with naive.pipeline(transaction=True) as pipe:
            pipe.incr(f"naive:{SUBJECT.key_id}:{window}")
            pipe.expire(f"naive:{SUBJECT.key_id}:{window}", 60)
            await pipe.execute()

    async def latency(call) -> list[float]:  # type: ignore[no-untyped-def]
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            await call()
            samples.append((time.perf_counter() - start) * 1000)
        return samples

    async def throughput(call) -> float:  # type: ignore[no-untyped-def]
        remaining = n

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await call()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return n / (time.perf_counter() - start)

    await ours()
    await peer()
    ours_lat, peer_lat = await latency(ours), await latency(peer)
    ours_rps, peer_rps = await throughput(ours), await throughput(peer)
    await limiter.aclose()
    await naive.aclose()
    return ours_lat, ours_rps, peer_lat, peer_rps


def bench_stages(tracing: Tracing, n: int = 20_000) -> float:
    start = time.perf_counter()
    for _ in range(n):
        with tracing.start_request("r", "req").stage("auth"):
            pass
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    memory_us = bench_memory()
    print(f"in-process limiter, admit+settle (8 limits): {memory_us:.2f} us")

    off_us = bench_stages(Tracing(None, Metrics()))
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    on_us = bench_stages(Tracing(provider.get_tracer("bench"), Metrics()))
    print(f"telemetry, request + one stage: off {off_us:.2f} us, on (in-memory exporter) {on_us:.2f} us")

    binary = shutil.which("redis-server")
    if binary is None:
        print("redis-server not installed: Redis figures skipped")
        print(f"RESULT memory_admit_settle_us={memory_us:.2f} stage_off_us={off_us:.2f} "
              f"stage_on_us={on_us:.2f}")
        return
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="sluice-bench-redis-")
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir, "--save", "",
            "--appendonly", "no"]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.3)
        url = f"redis://127.0.0.1:{port}/0"
        ours_lat, ours_rps, peer_lat, peer_rps = asyncio.run(bench_redis(url, 3000, 32))
    finally:
        server.terminate()
        server.wait(5)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"redis limiter admit+settle: p50 {percentile(ours_lat, 50):.3f} ms, "
          f"p99 {percentile(ours_lat, 99):.3f} ms, {ours_rps:.0f}/s at concurrency 32")
    print(f"peer (naive INCR+EXPIRE, requests only): p50 {percentile(peer_lat, 50):.3f} ms,"
          f" p99 {percentile(peer_lat, 99):.3f} ms, {peer_rps:.0f}/s at concurrency 32")
    print(f"RESULT memory_admit_settle_us={memory_us:.2f} stage_off_us={off_us:.2f} stage_on_us={on_us:.2f} "
          f"redis_p50_ms={percentile(ours_lat, 50):.3f} redis_p99_ms={percentile(ours_lat, 99):.3f} "
          f"redis_per_s={ours_rps:.0f} peer_p50_ms={percentile(peer_lat, 50):.3f} peer_per_s={peer_rps:.0f}")


if __name__ == "__main__":
    main()
