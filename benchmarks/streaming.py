"""Streaming hold-back cost: time to first token and to last token, through Sluice vs direct.

The scripted upstream streams one word per chunk (2 ms apart, like a fast model). Two answers:
prose only, and prose + a 12-line Python block + prose. Through Sluice the shipped default
policy is on with streaming mode `holdback`: prose is relayed at once, the code block is held
until its fence closes, scanned (semgrep, bandit, secrets, license) and then released.
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


def script(port: int, content: str, n: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    replies = [{"content": content, "chunk_delay_s": 0.002} for _ in range(n)]
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
    args = parser.parse_args()
    with scripted_upstream() as upstream_port, sluice_gateway(upstream_port) as (gateway_port, key):
        run(upstream_port, gateway_port, key, PROSE, 3)  # warm-up: scanners, pools
        prose = run(upstream_port, gateway_port, key, PROSE, args.requests)
        code = run(upstream_port, gateway_port, key, CODE, args.requests)
    for title, m in (("prose only", prose), ("prose + 12-line python block", code)):
        print(f"== {title} ({args.requests} requests per path, p50)")
        print(f"  time to first token: direct {m['d_first']:7.2f} ms  through Sluice {m['g_first']:7.2f} ms"
              f"  added {m['g_first'] - m['d_first']:6.2f} ms")
        print(f"  time to last token:  direct {m['d_last']:7.2f} ms  through Sluice {m['g_last']:7.2f} ms"
              f"  added {m['g_last'] - m['d_last']:6.2f} ms")
    print(
        f"RESULT prose_ttft_added_ms={prose['g_first'] - prose['d_first']:.2f} "
        f"prose_last_added_ms={prose['g_last'] - prose['d_last']:.2f} "
        f"code_ttft_added_ms={code['g_first'] - code['d_first']:.2f} "
        f"code_last_added_ms={code['g_last'] - code['d_last']:.2f} "
        f"code_last_added_p95_ms={code['g_last_p95'] - code['d_last_p95']:.2f}"
    )


if __name__ == "__main__":
    main()
