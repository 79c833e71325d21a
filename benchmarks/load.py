"""Load: N concurrent streaming clients through Sluice to the scripted upstream for D seconds.

`sluice serve` (`--workers`, 1 by default; auth + audit on SQLite, the shipped default policy unless
`--policy core`) in front of the scripted upstream (its own process), which streams each
answer word by word (`--chunk-delay-ms` apart, like a model). N aiohttp clients in this
process each send streaming chat requests back to back until the time is up.

`--answer python` makes every answer a short, harmless fenced Python block (the guarded path:
every answer is scanned), `--answer prose` a sentence. `--sweep` runs phases on one gateway:
guarded answers/s at 1, 4, 16 and 64 clients (`--chunk-delay-ms 0`: the scan is the cost), then
false blocks at 200 and 500 concurrent streams. Every answer is harmless, so a policy block is a
false block; an `overloaded` answer (503 or a stream error event) is retryable and counted apart.
`--vary` puts a counter in every answer (a comment in the Python block), so the scan cache cannot
answer a repeat and every answer is really scanned; `--sweep-clients 1,4,16` and
`--stream-clients ''` pick the phases. `--added N` first times N sequential streamed requests
straight to the scripted upstream and N through Sluice, interleaved in rounds of 10 so drift hits
both alike (the same answer, one at a time, read to `[DONE]`): the added p50/p99 of the guarded
path, and the p50 of each stage the audit records (`stage_ms`) for the Sluice requests.

Reported: requests answered, the CPU time per answer of the gateway's process tree (its workers
and their semgrep servers; fair on a shared box,
where answers/s depends on what else runs), false blocks, overloaded answers, other errors (HTTP status, error
events, broken streams), TTFT p50/p99 (first content token), peak RSS summed over the gateway process tree
(VmHWM from /proc), then `sluice audit verify` on the database and a check that every answered
request id has its audit record; one RESULT line at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import aiohttp
from _harness import (
    CORE_POLICIES,
    ROOT,
    free_port,
    percentile,
    process,
    scripted_model_config,
    scripted_upstream,
    wait_http,
)

ANSWER = ("A configuration loader should read the file once, validate every field, and fail with "
          "a clear message that names the offending key so operators can fix it quickly.")
PYTHON_ANSWER = ("Here is the function:\n\n```python\ndef add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n"
                 "    total = a + b\n    return total\n\n\nprint(add(2, 3))\n```\n\nIt returns 5.")
ANSWERS = {"prose": ANSWER, "python": PYTHON_ANSWER}
SLUICE = [sys.executable, "-m", "gateway.cli"]


@contextlib.contextmanager
def gateway(upstream_port: int, policies: Path | None,
            workers: int = 1) -> Iterator[tuple[int, str, int, dict[str, str]]]:
    """`sluice serve` with a fresh SQLite audit trail; yields (port, key, pid, env)."""
    with tempfile.TemporaryDirectory(prefix="sluice-load-") as tmp:
        env = {**os.environ, "SLUICE_DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/load.db"}
        if policies is not None:
            env["SLUICE_POLICIES_DIR"] = str(policies)
        config = Path(tmp) / "sluice.yaml"
        config.write_text(scripted_model_config(upstream_port))
        for args in (["db", "upgrade"], ["tenant", "create", "load"]):
            subprocess.run([*SLUICE, *args], env=env, check=True, capture_output=True, cwd=ROOT)
        created = subprocess.run([*SLUICE, "key", "create", "--tenant", "load"], env=env, check=True,
                                 capture_output=True, text=True, cwd=ROOT)
        key = created.stdout.strip().splitlines()[-1]
        port = free_port()
        args = [*SLUICE, "serve", "--config", str(config), "--port", str(port), "--workers", str(workers),
                "--log-level", "warning"]
        with process(args, env=env) as proc:
            wait_http(port, "/healthz")
            yield port, key, proc.pid, env


def process_tree(pid: int) -> list[int]:
    """The process and its live descendants (uvicorn's workers are children of its supervisor)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(child) for child in task.read_text().split()]
            except OSError:  # a thread or child that just ended
                continue
    return out


def vm_kib(pid: int, field: str) -> int:
    """`field` of /proc/PID/status summed over the process tree (the workers' memory too)."""
    total = 0
    for member in process_tree(pid):
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in lines if line.startswith(field + ":")), 0)
    return total


def varied(answer: str, i: int) -> str:
    """The answer with a counter in it, so each one is new to the scan cache and really scanned."""
    fence = "```python\n"
    if fence in answer:
        return answer.replace(fence, f"{fence}# answer {i}\n", 1)
    return f"{answer} ({i})"


def script_upstream(port: int, replies: int, chunk_delay_s: float, answer: str = ANSWER, vary: bool = False) -> None:
    contents = (varied(answer, i) for i in range(replies)) if vary else (answer for _ in range(replies))
    body = {"reset": True, "replies": [{"content": c, "chunk_delay_s": chunk_delay_s} for c in contents]}
    subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", "content-type: application/json", "--data-binary", "@-",
                    f"http://127.0.0.1:{port}/_script"], input=json.dumps(body).encode(), check=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process tree has used (/proc/PID/stat), in seconds."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Tally:
    def __init__(self) -> None:
        self.cpu_s = 0.0  # CPU time the gateway process used during the phase
        self.ttft: list[float] = []
        self.answered: list[str] = []  # request ids of streams that ended with [DONE] and no error
        self.errors: Counter[str] = Counter()
        self.blocked = 0  # policy blocks: every scripted answer is harmless, so each is a false block
        self.overloaded = 0  # retryable refusals (503 / error event `overloaded`), not blocks


def _classify(raw: bytes, status: int) -> str:
    if b'"overloaded"' in raw:
        return "overloaded"
    if b'"cyber_policy"' in raw or b'"content_filter"' in raw or status == 403:
        return "blocked"
    return f"http_{status}" if status != 200 else "error_event"


async def client(session: aiohttp.ClientSession, url: str, key: str, deadline: float, tally: Tally) -> None:
    body = {"model": "scripted-model", "stream": True, "messages": [{"role": "user", "content": "config loader"}]}
    headers = {"authorization": f"Bearer {key}"}
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            async with session.post(url, json=body, headers=headers) as response:
                if response.status != 200:
                    outcome = _classify(await response.read(), response.status)
                    if outcome == "overloaded":
                        tally.overloaded += 1
                        await asyncio.sleep(0.05)  # what Retry-After asks for, shortened: keep the pressure on
                    elif outcome == "blocked":
                        tally.blocked += 1
                    else:
                        tally.errors[outcome] += 1
                    continue
                request_id = response.headers.get("x-request-id", "")
                raw = b""
                first: float | None = None
                async for piece in response.content.iter_any():
                    raw += piece
                    if first is None and b'"content":"' in raw.replace(b'"content":""', b""):
                        first = time.perf_counter() - start
                if b'"error"' in raw or b'"content_filter"' in raw:
                    outcome = _classify(raw, 200)
                    if outcome == "overloaded":
                        tally.overloaded += 1
                    elif outcome == "blocked":
                        tally.blocked += 1
                    else:
                        tally.errors[outcome] += 1
                elif not raw.rstrip().endswith(b"data: [DONE]"):
                    tally.errors["incomplete_stream"] += 1
                else:
                    tally.answered.append(request_id)
                    tally.ttft.append((first or 0.0) * 1000)
        except (TimeoutError, aiohttp.ClientError) as exc:
            tally.errors[type(exc).__name__] += 1


async def run_load(port: int, key: str, clients: int, seconds: float, pid: int) -> tuple[Tally, int]:
    tally = Tally()
    deadline = time.monotonic() + seconds
    peak_rss = 0
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=clients), timeout=timeout) as session:
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        tasks = [asyncio.create_task(client(session, url, key, deadline, tally)) for _ in range(clients)]
        while not all(t.done() for t in tasks):
            peak_rss = max(peak_rss, vm_kib(pid, "VmRSS"))
            await asyncio.sleep(0.5)
        await asyncio.gather(*tasks)
    return tally, peak_rss


def recorded_ids(database_url: str) -> set[str]:
    path = database_url.split("///", 1)[1]
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT request_id FROM audit_records")}


def run_phase(upstream_port: int, port: int, key: str, pid: int, clients: int, seconds: float,
              chunk_delay_ms: float, answer: str, vary: bool = False) -> tuple[Tally, int, float]:
    # Enough scripted answers for every request (any beyond fall back to an instant echo).
    words = len(answer.split())
    per_client = int(seconds / max(0.002, words * chunk_delay_ms / 1000)) + 20
    script_upstream(upstream_port, min(clients * per_client, 200_000), chunk_delay_ms / 1000, answer, vary)
    started, cpu = time.monotonic(), cpu_seconds(pid)
    tally, peak = asyncio.run(run_load(port, key, clients, seconds, pid))
    tally.cpu_s = cpu_seconds(pid) - cpu
    return tally, peak, time.monotonic() - started


def timed_stream(conn: http.client.HTTPConnection, key: str | None) -> tuple[float, str]:
    """One streamed chat request read to its end: (ms, request id)."""
    body = {"model": "scripted-model", "stream": True, "messages": [{"role": "user", "content": "config loader"}]}
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    raw = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200 or not raw.rstrip().endswith(b"data: [DONE]") or b'"error"' in raw:
        raise RuntimeError(f"not a clean answer: HTTP {response.status} {raw[-200:]!r}")
    return elapsed, response.headers.get("x-request-id", "")


def stage_p50s(database_url: str, request_ids: set[str]) -> dict[str, float]:
    """Median `stage_ms` of each stage over these requests' audit records."""
    path = database_url.split("///", 1)[1]
    samples: dict[str, list[float]] = {}
    with sqlite3.connect(path) as conn:
        for request_id, stages in conn.execute("SELECT request_id, stage_ms FROM audit_records"):
            if request_id in request_ids and stages:
                for name, ms in json.loads(stages).items():
                    samples.setdefault(name, []).append(float(ms))
    return {name: percentile(values, 50) for name, values in samples.items()}


def added_latency(upstream_port: int, port: int, key: str, env: dict[str, str], n: int, answer: str,
                  vary: bool) -> tuple[str, set[str]]:
    """Sequential added latency of the path under test: direct and through Sluice, interleaved."""
    script_upstream(upstream_port, 2 * (n + 20), 0.0, answer, vary)
    direct_conn = http.client.HTTPConnection("127.0.0.1", upstream_port)
    sluice_conn = http.client.HTTPConnection("127.0.0.1", port)
    direct: list[float] = []
    through: list[float] = []
    ids: set[str] = set()
    for _ in range(10):  # warm-up: connections, first scans, the audit writer
        timed_stream(direct_conn, None)
        timed_stream(sluice_conn, key)
    while len(through) < n:
        for _ in range(min(10, n - len(through))):
            direct.append(timed_stream(direct_conn, None)[0])
        for _ in range(min(10, n - len(through))):
            elapsed, request_id = timed_stream(sluice_conn, key)
            through.append(elapsed)
            ids.add(request_id)
    direct_conn.close()
    sluice_conn.close()
    time.sleep(0.5)  # the last audit records settle
    stages = stage_p50s(env["SLUICE_DATABASE_URL"], ids)
    added_p50 = percentile(through, 50) - percentile(direct, 50)
    added_p99 = percentile(through, 99) - percentile(direct, 99)
    print(f"  sequential, {n} requests each: upstream alone p50 {percentile(direct, 50):.2f} ms, through Sluice "
          f"p50 {percentile(through, 50):.2f} ms p99 {percentile(through, 99):.2f} ms: added p50 {added_p50:.2f} ms, "
          f"p99 {added_p99:.2f} ms")
    print("  stage_ms p50: " + ", ".join(f"{name} {ms:.2f}" for name, ms in stages.items()))
    return f"added_p50_ms={added_p50:.2f} added_p99_ms={added_p99:.2f}", ids


def report(label: str, clients: int, tally: Tally, elapsed: float) -> str:
    errors = sum(tally.errors.values())
    # CPU per answer does not depend on how much of a shared box the gateway got: compare it too.
    cpu_ms = tally.cpu_s * 1000 / max(1, len(tally.answered))
    print(f"  {label} {clients:>3} clients: answered {len(tally.answered)} in {elapsed:.1f} s "
          f"({len(tally.answered) / elapsed:.1f}/s), false blocks {tally.blocked}, overloaded {tally.overloaded}, "
          f"errors {errors} {dict(tally.errors) if errors else ''}, TTFT p50 {percentile(tally.ttft, 50):.1f} ms "
          f"p99 {percentile(tally.ttft, 99):.1f} ms, gateway CPU {cpu_ms:.2f} ms per answer")
    return (f"c{clients}_per_s={len(tally.answered) / elapsed:.1f} c{clients}_false_blocks={tally.blocked} "
            f"c{clients}_overloaded={tally.overloaded} c{clients}_errors={errors} c{clients}_cpu_ms={cpu_ms:.2f}")


def sweep(args: argparse.Namespace, policies: Path | None) -> None:
    answer = ANSWERS[args.answer]
    fields, answered = [], set()
    with scripted_upstream() as upstream_port, gateway(upstream_port, policies, args.workers) as (port, key, pid, env):
        print(f"load sweep: policy {args.policy}, answer {args.answer}{' (varied)' if args.vary else ''}, "
              f"{args.workers} worker(s), SQLite audit")
        if args.added:
            figure, ids = added_latency(upstream_port, port, key, env, args.added, answer, args.vary)
            fields.append(figure)
            answered.update(ids)
        for clients in args.sweep_clients:
            tally, _, elapsed = run_phase(upstream_port, port, key, pid, clients, args.seconds, 0.0, answer, args.vary)
            fields.append(report("throughput", clients, tally, elapsed))
            answered.update(tally.answered)
        for clients in args.stream_clients:
            tally, _, elapsed = run_phase(upstream_port, port, key, pid, clients, args.seconds,
                                          args.chunk_delay_ms, answer, args.vary)
            fields.append(report("streams   ", clients, tally, elapsed))
            answered.update(tally.answered)
        hwm = vm_kib(pid, "VmHWM")
        time.sleep(1.0)
        verify = subprocess.run([*SLUICE, "audit", "verify"], env=env, capture_output=True, text=True, cwd=ROOT)
        missing = answered - recorded_ids(env["SLUICE_DATABASE_URL"])
    print(f"  audit verify: {verify.stdout.strip() or verify.stderr.strip()} (exit {verify.returncode}); "
          f"answered without a record: {len(missing)}; peak RSS (process tree, summed) {hwm / 1024:.0f} MiB")
    print(f"RESULT sweep policy={args.policy} answer={args.answer} vary={int(args.vary)} workers={args.workers} "
          f"seconds={args.seconds:.0f} {' '.join(fields)} "
          f"peak_rss_mib={hwm / 1024:.0f} audit_verify_ok={int(verify.returncode == 0)} missing_records={len(missing)}")


def _counts(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--workers", type=int, default=1,
                        help="gateway worker processes (docs/operations.md: one per core in production)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--chunk-delay-ms", type=float, default=20.0)
    parser.add_argument("--policy", choices=("default", "core"), default="default")
    parser.add_argument("--answer", choices=tuple(ANSWERS), default="prose")
    parser.add_argument("--sweep", action="store_true", help="1/4/16/64 clients, then 200 and 500 streams")
    parser.add_argument("--sweep-clients", type=_counts, default=(1, 4, 16, 64), help="throughput phases, e.g. 1,4,16")
    parser.add_argument("--stream-clients", type=_counts, default=(200, 500), help="stream phases ('' for none)")
    parser.add_argument("--added", type=int, default=0, metavar="N",
                        help="--sweep first times N sequential requests direct and through Sluice (added p50)")
    parser.add_argument("--vary", action="store_true",
                        help="a counter in every answer, so the scan cache cannot answer and each one is scanned")
    args = parser.parse_args()

    policies = CORE_POLICIES if args.policy == "core" else None
    if args.sweep:
        sweep(args, policies)
        return
    answer = ANSWERS[args.answer]
    with scripted_upstream() as upstream_port, gateway(upstream_port, policies, args.workers) as (port, key, pid, env):
        # Enough scripted answers for every request (any beyond fall back to an instant echo).
        words = len(answer.split())
        per_client = int(args.seconds / max(0.05, words * args.chunk_delay_ms / 1000)) + 20
        script_upstream(upstream_port, args.clients * per_client, args.chunk_delay_ms / 1000, answer, args.vary)
        rss_before = vm_kib(pid, "VmRSS")
        started = time.monotonic()
        tally, peak_sampled = asyncio.run(run_load(port, key, args.clients, args.seconds, pid))
        elapsed = time.monotonic() - started
        hwm = vm_kib(pid, "VmHWM")
        time.sleep(1.0)  # detached audit writes (disconnects) settle
        verify = subprocess.run([*SLUICE, "audit", "verify"], env=env, capture_output=True, text=True, cwd=ROOT)
        missing = set(tally.answered) - recorded_ids(env["SLUICE_DATABASE_URL"])

    errors = sum(tally.errors.values())
    print(f"load: {args.clients} streaming clients for {args.seconds:.0f} s through Sluice "
          f"(policy {args.policy}, {args.workers} worker(s), SQLite audit), "
          f"upstream {words} chunks {args.chunk_delay_ms:.0f} ms apart")
    print(f"  answered {len(tally.answered)} streams in {elapsed:.1f} s ({len(tally.answered) / elapsed:.1f}/s), "
          f"false blocks {tally.blocked}, overloaded {tally.overloaded}, errors {errors} "
          f"{dict(tally.errors) if errors else ''}")
    print(f"  TTFT p50 {percentile(tally.ttft, 50):.1f} ms, p99 {percentile(tally.ttft, 99):.1f} ms")
    print(f"  gateway RSS: {rss_before / 1024:.0f} MiB idle, peak {hwm / 1024:.0f} MiB (VmHWM; sampled peak "
          f"{peak_sampled / 1024:.0f} MiB)")
    print(f"  audit verify: {verify.stdout.strip() or verify.stderr.strip()} (exit {verify.returncode})")
    print(f"  answered requests without an audit record: {len(missing)}")
    print(f"RESULT clients={args.clients} seconds={args.seconds:.0f} answered={len(tally.answered)} "
          f"false_blocks={tally.blocked} overloaded={tally.overloaded} errors={errors} "
          f"ttft_p50_ms={percentile(tally.ttft, 50):.1f} ttft_p99_ms={percentile(tally.ttft, 99):.1f} "
          f"peak_rss_mib={hwm / 1024:.0f} audit_verify_ok={int(verify.returncode == 0)} missing_records={len(missing)}")


if __name__ == "__main__":
    main()
