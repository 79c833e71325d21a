"""Gateway overhead, Sluice vs LiteLLM proxy, in front of the same upstream, in one run.

Peers, each its own process with one worker, all on loopback in front of one scripted
OpenAI-compatible upstream (`tests/support/scripted_upstream.py`, its own process):

- upstream alone (the baseline every "added" figure subtracts);
- Sluice core: `sluice serve`, auth + strict validation + hash-chained audit on SQLite,
  no input checks or scanners (`benchmarks/policies/core`);
- Sluice default: the shipped `policies/default.yaml` (input guard, every output scanner);
- LiteLLM proxy (pinned below, installed by this script in its own venv under `var/bench/`):
  master key, no database (so no spend or audit logging at all), telemetry and the cost-map
  download off.

The request mix is the same for every peer: chat and completions, each non-streaming and
streaming (about 40 words, one word per chunk). Figures:

- added latency p50/p99 at concurrency 1 (full response; rounds interleave the peers);
- throughput at p99 <= 50 ms: concurrency doubles until the mix's p99 passes 50 ms; the best
  req/s among levels within the bound;
- streaming: time to first content token (added) and per-chunk overhead (added mean gap
  between content chunks, first to last).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import msgspec
from _harness import CORE_POLICIES, ROOT, free_port, percentile, process, scripted_upstream, sluice_gateway, wait_http

LITELLM_PIN = "litellm[proxy]==1.79.1"
LITELLM_VENV = ROOT / "var" / "bench" / "litellm-venv"
MASTER_KEY = "sk-bench-master-0123456789"
P99_BOUND_MS = 50.0

PROMPT = ("write a function that parses a configuration file validates every field and reports the "
          "offending key with a clear message so that operators can fix the problem quickly and "
          "the service starts again without anyone reading a stack trace at night")
KINDS: dict[str, tuple[str, dict[str, object]]] = {
    "chat": ("/v1/chat/completions",
             {"model": "scripted-model", "messages": [{"role": "user", "content": PROMPT}], "max_tokens": 128}),
    "completion": ("/v1/completions", {"model": "scripted-model", "prompt": PROMPT, "max_tokens": 128}),
}
MIX = [(kind, stream) for kind in KINDS for stream in (False, True)]


@dataclass
class Peer:
    name: str
    port: int
    key: str | None
    latency: dict[str, list[float]] = field(default_factory=dict)  # mix label -> ms
    ttft: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)  # mean inter-chunk gap per streamed answer, ms
    throughput: list[tuple[int, float, float]] = field(default_factory=list)  # (concurrency, rps, p99)


def label(kind: str, stream: bool) -> str:
    return f"{kind}{'-stream' if stream else ''}"


# -- LiteLLM -------------------------------------------------------------------------------------------

def ensure_litellm() -> Path:
    binary = LITELLM_VENV / "bin" / "litellm"
    if not binary.exists():
        print(f"installing {LITELLM_PIN} into {LITELLM_VENV} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(LITELLM_VENV)], check=True)
        subprocess.run([str(LITELLM_VENV / "bin" / "pip"), "install", "-q", LITELLM_PIN], check=True)
    return binary


def litellm_version() -> str:
    out = subprocess.run([str(LITELLM_VENV / "bin" / "python"), "-c",
                          "import importlib.metadata as m; print(m.version('litellm'))"],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


@contextlib.contextmanager
def litellm_proxy(upstream_port: int) -> Iterator[int]:
    binary = ensure_litellm()
    with tempfile.TemporaryDirectory(prefix="litellm-bench-") as tmp:
        config = Path(tmp) / "config.yaml"
        # `openai/` is LiteLLM's generic OpenAI-compatible provider: chat and text completions.
        config.write_text(
            "model_list:\n  - model_name: scripted-model\n    litellm_params:\n"
            f"      model: openai/scripted-model\n      api_base: http://127.0.0.1:{upstream_port}/v1\n"
            "      api_key: not-needed\n"
            f"general_settings:\n  master_key: {MASTER_KEY}\n"
            "litellm_settings:\n  telemetry: false\n  drop_params: true\n  set_verbose: false\n"
        )
        port = free_port()
        env = {"LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_TELEMETRY": "False", "LITELLM_LOG": "ERROR",
               "DISABLE_SCHEMA_UPDATE": "True", "NO_DOCS": "True", "DATABASE_URL": "", "HOME": tmp}
        env = {k: v for k, v in env.items() if v} | {"PATH": os.environ.get("PATH", "")}
        args = [str(binary), "--config", str(config), "--host", "127.0.0.1", "--port", str(port),
                "--num_workers", "1"]
        with process(args, env=env):
            wait_http(port, "/health/liveliness", timeout_s=180)
            yield port


# -- measurement ----------------------------------------------------------------------------------------

def headers(peer: Peer) -> dict[str, str]:
    return {"authorization": f"Bearer {peer.key}"} if peer.key else {}


def content_of(event: bytes) -> str:
    data = msgspec.json.decode(event)
    choices = data.get("choices") if isinstance(data, dict) else None
    if not choices:
        return ""
    choice = choices[0]
    return str((choice.get("delta") or {}).get("content") or choice.get("text") or "")


async def one(session: aiohttp.ClientSession, peer: Peer, kind: str, stream: bool) -> tuple[float, float | None,
                                                                                                 float | None]:
    """One request: (total ms, ttft ms, mean inter-chunk gap ms); raises on any error."""
    path, body = KINDS[kind]
    payload = {**body, "stream": stream}
    start = time.perf_counter()
    async with session.post(f"http://127.0.0.1:{peer.port}{path}", json=payload, headers=headers(peer)) as response:
        if response.status != 200:
            raise RuntimeError(f"{peer.name} {label(kind, stream)}: HTTP {response.status} {await response.text()}")
        if not stream:
            await response.read()
            return (time.perf_counter() - start) * 1000, None, None
        stamps: list[float] = []
        buffer = b""
        async for piece in response.content.iter_any():
            buffer += piece
            *events, buffer = buffer.split(b"\n\n")
            for event in events:
                event = event.strip()
                if event.startswith(b"data: ") and event != b"data: [DONE]":
                    if b'"error"' in event:
                        raise RuntimeError(f"{peer.name}: error event {event[:200]!r}")
                    if content_of(event[6:]):
                        stamps.append(time.perf_counter())
        total = (time.perf_counter() - start) * 1000
        if not stamps:
            raise RuntimeError(f"{peer.name} {label(kind, stream)}: no content streamed")
        gap = (stamps[-1] - stamps[0]) * 1000 / max(1, len(stamps) - 1)
        return total, (stamps[0] - start) * 1000, gap


async def sequential(peer: Peer, n: int) -> None:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1)) as session:
        for _ in range(n):
            for kind, stream in MIX:
                total, ttft, gap = await one(session, peer, kind, stream)
                peer.latency.setdefault(label(kind, stream), []).append(total)
                if ttft is not None and gap is not None:
                    peer.ttft.append(ttft)
                    peer.gaps.append(gap)


async def load_level(peer: Peer, concurrency: int, seconds: float) -> tuple[float, float, int]:
    samples: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:
        async def worker(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline:
                kind, stream = MIX[i % len(MIX)]
                i += 1
                try:
                    samples.append((await one(session, peer, kind, stream))[0])
                except (RuntimeError, aiohttp.ClientError):
                    errors += 1

        start = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.perf_counter() - start
    return len(samples) / elapsed, percentile(samples, 99), errors


async def step_throughput(peer: Peer, seconds: float, max_concurrency: int) -> None:
    concurrency = 1
    while concurrency <= max_concurrency:
        rps, p99, errors = await load_level(peer, concurrency, seconds)
        peer.throughput.append((concurrency, rps, p99))
        print(f"  {peer.name:16} c={concurrency:<4} {rps:8.1f} req/s  p99 {p99:8.2f} ms  errors {errors}", flush=True)
        if p99 > P99_BOUND_MS or errors:
            break
        concurrency *= 2


def best_rps(peer: Peer) -> tuple[float, int]:
    within = [(rps, c) for c, rps, p99 in peer.throughput if p99 <= P99_BOUND_MS]
    return max(within) if within else (0.0, 0)


# -- report ---------------------------------------------------------------------------------------------

def added(peer: Peer, base: Peer, values: str, q: float) -> float:
    if values == "ttft":
        return percentile(peer.ttft, q) - percentile(base.ttft, q)
    if values == "gap":
        return sum(peer.gaps) / len(peer.gaps) - sum(base.gaps) / len(base.gaps)
    return percentile(peer.latency[values], q) - percentile(base.latency[values], q)


def mix_added(peer: Peer, base: Peer, q: float) -> float:
    return sum(added(peer, base, label(k, s), q) for k, s in MIX) / len(MIX)


def report(peers: list[Peer], base: Peer, versions: dict[str, str]) -> None:
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; {versions}")
    print("added latency at concurrency 1 (ms; peer minus upstream alone)")
    print(f"  {'':16}" + "".join(f"{label(k, s):>22}" for k, s in MIX) + f"{'mix mean':>18}")
    for peer in peers:
        cells = "".join(f"{added(peer, base, label(k, s), 50):9.2f} / {added(peer, base, label(k, s), 99):7.2f}  "
                        for k, s in MIX)
        print(f"  {peer.name:16}{cells}  {mix_added(peer, base, 50):6.2f} / {mix_added(peer, base, 99):6.2f}"
              "   (p50 / p99)")
    print("streaming: added TTFT p50 / p99, added inter-chunk gap (mean, ms)")
    for peer in peers:
        print(f"  {peer.name:16} TTFT {added(peer, base, 'ttft', 50):7.2f} / {added(peer, base, 'ttft', 99):7.2f}"
              f"   inter-chunk {added(peer, base, 'gap', 50):7.3f}")
    print(f"throughput at p99 <= {P99_BOUND_MS:.0f} ms (mixed requests)")
    for peer in [base, *peers]:
        rps, c = best_rps(peer)
        if c:
            print(f"  {peer.name:16} {rps:8.1f} req/s at concurrency {c}")
        else:
            c, rps, p99 = min(peer.throughput, key=lambda level: level[2])
            print(f"  {peer.name:16} p99 above {P99_BOUND_MS:.0f} ms at every level "
                  f"(lowest: {p99:.1f} ms at concurrency {c}, {rps:.1f} req/s)")


def result_line(sluice: Peer, default: Peer, litellm: Peer, base: Peer) -> str:
    fields = {
        "sluice_added_p50_ms": mix_added(sluice, base, 50), "sluice_added_p99_ms": mix_added(sluice, base, 99),
        "litellm_added_p50_ms": mix_added(litellm, base, 50), "litellm_added_p99_ms": mix_added(litellm, base, 99),
        "sluice_default_added_p50_ms": mix_added(default, base, 50),
        "sluice_default_added_p99_ms": mix_added(default, base, 99),
        "sluice_ttft_added_p50_ms": added(sluice, base, "ttft", 50),
        "litellm_ttft_added_p50_ms": added(litellm, base, "ttft", 50),
        "sluice_chunk_added_ms": added(sluice, base, "gap", 50),
        "litellm_chunk_added_ms": added(litellm, base, "gap", 50),
        "sluice_rps_p99_50ms": best_rps(sluice)[0], "sluice_default_rps_p99_50ms": best_rps(default)[0],
        "litellm_rps_p99_50ms": best_rps(litellm)[0], "upstream_rps_p99_50ms": best_rps(base)[0],
    }
    return "RESULT " + " ".join(f"{k}={v:.3f}" if "rps" not in k else f"{k}={v:.0f}" for k, v in fields.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=150, help="per request kind and peer, concurrency 1")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--level-seconds", type=float, default=4.0, help="per concurrency level")
    parser.add_argument("--max-concurrency", type=int, default=128)
    args = parser.parse_args()
    ensure_litellm()

    with contextlib.ExitStack() as stack:
        upstream_port = stack.enter_context(scripted_upstream())
        core_port, core_key = stack.enter_context(sluice_gateway(upstream_port, policies=CORE_POLICIES))
        default_port, default_key = stack.enter_context(sluice_gateway(upstream_port))
        litellm_port = stack.enter_context(litellm_proxy(upstream_port))
        base = Peer("upstream alone", upstream_port, None)
        sluice = Peer("Sluice core", core_port, core_key)
        default = Peer("Sluice default", default_port, default_key)
        litellm = Peer("LiteLLM proxy", litellm_port, MASTER_KEY)
        peers = [sluice, default, litellm]
        for peer in [base, *peers]:  # warm-up, not recorded
            asyncio.run(sequential(Peer(peer.name, peer.port, peer.key), 10))
        per_round = max(1, args.requests // args.rounds)
        for i in range(args.rounds):  # interleaved, so drift hits every peer alike
            print(f"round {i + 1}/{args.rounds}", flush=True)
            for peer in [base, *peers]:
                asyncio.run(sequential(peer, per_round))
        print("throughput steps (mixed requests)")
        for peer in [base, *peers]:
            asyncio.run(step_throughput(peer, args.level_seconds, args.max_concurrency))
    report(peers, base, {"litellm": litellm_version(), "sluice": "working tree"})
    print(result_line(sluice, default, litellm, base))


if __name__ == "__main__":
    main()
