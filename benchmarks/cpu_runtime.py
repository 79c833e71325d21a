"""Benchmark: the embedded CPU runtime serving the bundled model.

Measures time to first token (TTFT) and decode speed of streamed completions against a freshly
started ``python -m model_runtime cpu`` on loopback, next to the peer figure: Hugging Face
``model.generate`` in-process on the same model, threads and token count (what the runtime costs on
top of the bare model). With ``--gateway-url`` and ``--gateway-key`` the same requests also go through
a running Sluice gateway in the same run.

    python benchmarks/cpu_runtime.py [--requests 8] [--max-tokens 64] [--threads 1]
        [--gateway-url http://127.0.0.1:8080 --gateway-key sk-sluice-... --gateway-model NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "model_runtime" / "models" / "sluice-tiny-code"
PROMPT = "import os\nimport subprocess\n\n\ndef run_command(cmd):\n"


@dataclass
class Sample:
    ttft_s: float
    total_s: float
    tokens: int

    @property
    def decode_tokens_per_s(self) -> float:
        return (self.tokens - 1) / (self.total_s - self.ttft_s) if self.tokens > 1 else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stream_once(client: httpx.Client, url: str, model: str, max_tokens: int, seed: int) -> Sample:
    body = {"model": model, "prompt": PROMPT, "max_tokens": max_tokens, "seed": seed, "temperature": 0.8,
            "ignore_eos": True, "stream": True, "stream_options": {"include_usage": True}}
    start = time.perf_counter()
    first: float | None = None
    tokens = 0
    with client.stream("POST", url + "/v1/completions", json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            event = json.loads(line[6:])
            if "error" in event:
                raise RuntimeError(event["error"])
            if event.get("choices") and event["choices"][0].get("text") and first is None:
                first = time.perf_counter()
            if event.get("usage"):
                tokens = event["usage"]["completion_tokens"]
    end = time.perf_counter()
    return Sample(ttft_s=(first or end) - start, total_s=end - start, tokens=tokens)


def measure(url: str, model: str, requests: int, max_tokens: int, headers: dict[str, str]) -> list[Sample]:
    with httpx.Client(timeout=300, headers=headers) as client:
        stream_once(client, url, model, 4, 0)  # warm-up
        return [stream_once(client, url, model, max_tokens, seed) for seed in range(1, requests + 1)]


def hf_generate_tokens_per_s(max_tokens: int, threads: int, repeats: int = 3) -> float:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(MODEL_DIR, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(MODEL_DIR, local_files_only=True, dtype=torch.float32).eval()
    inputs = tokenizer(PROMPT, return_tensors="pt")
    rates = []
    for seed in range(repeats + 1):
        torch.manual_seed(seed)
        start = time.perf_counter()
        out = model.generate(**inputs, max_new_tokens=max_tokens, min_new_tokens=max_tokens, do_sample=True,
                             temperature=0.8, pad_token_id=tokenizer.pad_token_id)
        elapsed = time.perf_counter() - start
        if seed:  # the first run is a warm-up
            rates.append((out.shape[1] - inputs["input_ids"].shape[1]) / elapsed)
    return statistics.median(rates)


def start_runtime(threads: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    argv = [sys.executable, "-m", "model_runtime", "cpu", "--model", str(MODEL_DIR), "--port", str(port),
            "--threads", str(threads), "--served-model-name", "sluice-tiny-code"]
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the CPU runtime did not become healthy in 120 s")


def summarize(label: str, samples: list[Sample]) -> dict[str, float]:
    ttft = sorted(s.ttft_s * 1000 for s in samples)
    figures = {
        "ttft_p50_ms": statistics.median(ttft),
        "ttft_max_ms": ttft[-1],
        "decode_tokens_per_s": statistics.median(s.decode_tokens_per_s for s in samples),
        "tokens_per_s": sum(s.tokens for s in samples) / sum(s.total_s for s in samples),
    }
    print(f"{label:<24} " + "  ".join(f"{k}={v:.1f}" for k, v in figures.items()))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--gateway-url", default=None, help="a running gateway in front of a CPU runtime")
    parser.add_argument("--gateway-key", default=os.environ.get("SLUICE_API_KEY"))
    parser.add_argument("--gateway-model", default="sluice-tiny-code")
    args = parser.parse_args()

    print(f"model: {MODEL_DIR.name}, prompt {len(PROMPT)} chars, {args.requests} streamed requests x "
          f"{args.max_tokens} tokens, {args.threads} thread(s), sequential")
    process, url = start_runtime(args.threads)
    try:
        runtime = summarize("cpu runtime (direct)", measure(url, "sluice-tiny-code", args.requests,
                                                           args.max_tokens, {}))
    finally:
        process.terminate()
        process.wait(30)
    result = {f"runtime_{k}": v for k, v in runtime.items()}
    peer = hf_generate_tokens_per_s(args.max_tokens, args.threads)
    print(f"{'peer: hf generate()':<24} tokens_per_s={peer:.1f}")
    result["peer_hf_generate_tokens_per_s"] = peer
    if args.gateway_url:
        if not args.gateway_key:
            raise SystemExit("--gateway-url needs --gateway-key (or SLUICE_API_KEY)")
        headers = {"Authorization": f"Bearer {args.gateway_key}"}
        via = summarize("through the gateway", measure(args.gateway_url.rstrip("/"), args.gateway_model,
                                                       args.requests, args.max_tokens, headers))
        result.update({f"gateway_{k}": v for k, v in via.items()})
        result["gateway_ttft_overhead_ms"] = via["ttft_p50_ms"] - runtime["ttft_p50_ms"]
    print("RESULT " + " ".join(f"{k}={v:.1f}" for k, v in result.items()))


if __name__ == "__main__":
    main()
