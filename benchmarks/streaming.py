"""Streaming hold-back cost: time to first token and to last token, through Sluice vs direct,
and time to the first code byte of a guarded code block (issue 15).

The scripted upstream streams one word per chunk (2 ms apart, like a fast model). Two answers:
prose only, and prose + a 12-line Python block + prose. Through Sluice the shipped default
policy is on with streaming mode `holdback` and `chat_release: statement`: prose is relayed at
once; each complete statement of the code block goes out once the block so far is scanned
(semgrep, bandit, secrets, license), the rest when the fence closes.

Code block at model speed: a 40-line Python block (imports, constants, small functions) in
4-character tokens at 40 and 200 tokens/s. Measured: when the first complete statement of the
block has left the upstream (read directly: the first character of the block's second statement
has arrived), and when the first byte of code reaches a client through Sluice. Target: the
first code byte through Sluice within 50 ms of the first complete statement leaving the
upstream (with `chat_release: block` it waits for the whole block: seconds at 40 tokens/s).
"""

from __future__ import annotations

import argparse
import http.client
import json
import time

from _harness import percentile, scripted_upstream, sluice_gateway

PROSE = ("Sure. A configuration loader should read the file once, validate every field, and fail "
         "with a clear message that names the offending key, so operators can fix it quickly. ") * 2
CODE = (
    "Here is a loader:\n```python\nimport json\nfrom pathlib import Path\n\n\n"
    "def load_config(path: str) -> dict:\n    data = json.loads(Path(path).read_text())\n"
    "    if not isinstance(data, dict):\n        raise ValueError('config must be an object')\n"
    "    for key in ('host', 'port'):\n        if key not in data:\n"
    "            raise ValueError(f'missing {key}')\n    return data\n```\nCall it at start-up."
)


def block_of_40_lines(build: int) -> str:
    """Different for every request (`build`), so no scan is answered from the engine's cache."""
    lines = [f"import json  # build {build}", "import math", "from pathlib import Path", "", "SCALE = 2",
             "LIMIT = 100", ""]
    for i in range(6):
        lines += [f"def helper_{i}(value):", f"    scaled = value * SCALE + {i}",
                  "    return min(scaled, LIMIT)", "", ""]
    lines += ["print(helper_0(3))"]
    assert len(lines) == 38, len(lines)
    return "Here is the module:\n```python\n" + "\n".join(lines) + "\n```\nThat is all.\n"


TOKEN_CHARS = 4


def first_statement_done(block: str) -> int:
    """The first statement (`import json`) is complete once the next one starts: this much has left."""
    return block.index("import math") + 1


def code_start(block: str) -> int:
    return block.index("```python\n") + len("```python\n")


def script(port: int, content: str, n: int, delay_s: float = 0.002, chunks: int | None = None) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    reply: dict[str, object] = {"content": content, "chunk_delay_s": delay_s}
    if chunks is not None:
        reply["chunks"] = chunks
    replies = [reply for _ in range(n)]
    conn.request("POST", "/_script", body=json.dumps({"reset": True, "replies": replies}),
                 headers={"content-type": "application/json"})
    conn.getresponse().read()


def timed_stream(port: int, key: str | None) -> tuple[float, float, str]:
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    body = {"model": "scripted-model", "stream": True, "messages": [{"role": "user", "content": "config loader"}]}
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    first = None
    text = []
    for line in response:
        if not line.startswith(b"data: ") or line.strip() == b"data: [DONE]":
            continue
        data = json.loads(line[6:])
        for choice in data.get("choices", []):
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                text.append(piece)
                if first is None:
                    first = time.perf_counter() - start
    last = time.perf_counter() - start
    conn.close()
    return (first or last) * 1000, last * 1000, "".join(text)


def arrival(port: int, key: str | None, offset: int) -> tuple[float, str]:
    """Milliseconds until the client has received `offset` characters of the answer; the whole text."""
    headers = {"content-type": "application/json"}
    if key:
        headers["authorization"] = f"Bearer {key}"
    body = {"model": "scripted-model", "stream": True, "messages": [{"role": "user", "content": "module"}]}
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body=json.dumps(body), headers=headers)
    response = conn.getresponse()
    reached: float | None = None
    text = ""
    for line in response:
        if not line.startswith(b"data: ") or line.strip() == b"data: [DONE]":
            continue
        for choice in json.loads(line[6:]).get("choices", []):
            text += (choice.get("delta") or {}).get("content") or ""
        if reached is None and len(text) >= offset:
            reached = (time.perf_counter() - start) * 1000
    conn.close()
    return reached if reached is not None else float("nan"), text


def code_at_model_speed(upstream_port: int, gateway_port: int, key: str, rate: int, n: int) -> dict[str, float]:
    """p50 of: first statement complete (direct), first code byte (direct, through Sluice)."""
    out: dict[str, list[float]] = {"statement": [], "direct_code": [], "guarded_code": []}
    for i in range(n):
        block = block_of_40_lines(rate * 1000 + i)
        chunks = -(-len(block) // TOKEN_CHARS)
        script(upstream_port, block, 1, 1 / rate, chunks)
        statement_ms, _ = arrival(upstream_port, None, first_statement_done(block))
        script(upstream_port, block, 1, 1 / rate, chunks)
        direct_ms, _ = arrival(upstream_port, None, code_start(block) + 1)
        script(upstream_port, block, 1, 1 / rate, chunks)
        guarded_ms, text = arrival(gateway_port, key, code_start(block) + 1)
        assert text == block, "statement release must not change an allowed answer"
        out["statement"].append(statement_ms)
        out["direct_code"].append(direct_ms)
        out["guarded_code"].append(guarded_ms)
    return {k: percentile(v, 50) for k, v in out.items()}


def run(upstream_port: int, gateway_port: int, key: str, content: str, n: int) -> dict[str, float]:
    out: dict[str, list[float]] = {"d_first": [], "d_last": [], "g_first": [], "g_last": []}
    for _ in range(n):
        script(upstream_port, content, 1)
        first, last, _ = timed_stream(upstream_port, None)
        out["d_first"].append(first)
        out["d_last"].append(last)
        script(upstream_port, content, 1)
        first, last, text = timed_stream(gateway_port, key)
        assert text == content, "hold-back must not change an allowed answer"
        out["g_first"].append(first)
        out["g_last"].append(last)
    return {k: percentile(v, 50) for k, v in out.items()} | {f"{k}_p95": percentile(v, 95) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--block-requests", type=int, default=3, help="per rate, for the 40-line block")
    args = parser.parse_args()
    with scripted_upstream() as upstream_port, sluice_gateway(upstream_port) as (gateway_port, key):
        run(upstream_port, gateway_port, key, PROSE, 3)  # warm-up: scanners, pools
        prose = run(upstream_port, gateway_port, key, PROSE, args.requests)
        code = run(upstream_port, gateway_port, key, CODE, args.requests)
        rates = {rate: code_at_model_speed(upstream_port, gateway_port, key, rate, args.block_requests)
                 for rate in (40, 200)}
    for title, m in (("prose only", prose), ("prose + 12-line python block", code)):
        print(f"== {title} ({args.requests} requests per path, p50)")
        print(f"  time to first token: direct {m['d_first']:7.2f} ms  through Sluice {m['g_first']:7.2f} ms"
              f"  added {m['g_first'] - m['d_first']:6.2f} ms")
        print(f"  time to last token:  direct {m['d_last']:7.2f} ms  through Sluice {m['g_last']:7.2f} ms"
              f"  added {m['g_last'] - m['d_last']:6.2f} ms")
    for rate, m in rates.items():
        lag = m["guarded_code"] - m["statement"]
        print(f"== 40-line python block at {rate} tokens/s ({args.block_requests} requests, p50)")
        print(f"  first statement complete upstream {m['statement']:8.1f} ms  first code byte: direct "
              f"{m['direct_code']:8.1f} ms, through Sluice {m['guarded_code']:8.1f} ms  "
              f"(+{lag:.1f} ms after the statement; target <= 50 ms: {'met' if lag <= 50 else 'MISSED'})")
    lags = {rate: m["guarded_code"] - m["statement"] for rate, m in rates.items()}
    print(
        f"RESULT code40_first_byte_after_statement_ms_at_40tps={lags[40]:.1f} "
        f"code40_first_byte_after_statement_ms_at_200tps={lags[200]:.1f} "
        f"prose_ttft_added_ms={prose['g_first'] - prose['d_first']:.2f} "
        f"prose_last_added_ms={prose['g_last'] - prose['d_last']:.2f} "
        f"code_ttft_added_ms={code['g_first'] - code['d_first']:.2f} "
        f"code_last_added_ms={code['g_last'] - code['d_last']:.2f} "
        f"code_last_added_p95_ms={code['g_last_p95'] - code['d_last_p95']:.2f}"
    )


if __name__ == "__main__":
    main()
