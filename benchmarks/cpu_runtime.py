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
import ast
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def hf_generate_tokens_per_s(model_dir: Path, max_tokens: int, threads: int, repeats: int = 3) -> float:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True, dtype=torch.float32).eval()
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


def start_runtime(threads: int, model_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    argv = [sys.executable, "-m", "model_runtime", "cpu", "--model", str(model_dir), "--port", str(port),
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


# ---------------------------------------------------------------- quality of the model's output
#
# Fixed prompts written for this benchmark (not taken from any evaluation set). Completion prompts
# are what an editor sends: imports, a signature, maybe a docstring. Chat prompts are what a user asks.
COMPLETION_PROMPTS = [
    "import os\n\n\ndef read_config(path):\n",
    "import os\nimport subprocess\n\n\ndef run_command(cmd):\n",
    "def add(a, b):\n",
    "def is_even(n):\n    \"\"\"Return True if n is even.\"\"\"\n",
    "import json\n\n\ndef load_json(path):\n    \"\"\"Load a JSON file and return its content.\"\"\"\n",
    "class Stack:\n    def __init__(self):\n",
    "def count_words(text):\n",
    "import hashlib\n\n\ndef file_digest(path):\n",
    "def flatten(items):\n    \"\"\"Flatten a list of lists.\"\"\"\n",
    "import re\n\n\ndef find_emails(text):\n",
    "def fibonacci(n):\n",
    "import sqlite3\n\n\ndef get_user(conn, name):\n",
    "class Point:\n    \"\"\"A point in the plane.\"\"\"\n\n    def __init__(self, x, y):\n",
    "def merge_dicts(a, b):\n",
    "import socket\n\n\ndef connect(host, port):\n",
    "def parse_args(argv=None):\n",
    "import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef process(items):\n",
    "def reverse_string(s):\n",
    "import time\n\n\ndef retry(func, attempts=3):\n",
    "def chunks(seq, size):\n    \"\"\"Yield successive chunks of seq.\"\"\"\n",
    "import shutil\n\n\ndef copy_tree(src, dst):\n",
    "def to_snake_case(name):\n",
    "import urllib.request\n\n\ndef fetch(url):\n",
    "def mean(values):\n",
    "class Counter:\n    def __init__(self):\n        self.count = 0\n\n    def increment(self):\n",
]
CHAT_PROMPTS = [
    "Write a Python function named read_lines: Return the lines of a text file.",
    "Write a Python function named run_command: Run a shell command and return its output.",
    "Write a Python function named is_prime: Return True if n is a prime number.",
    "Write a Python function named parse_date: Parse a date string in ISO format.",
    "Write a Python function named get_user: Look up a user by name in a SQLite database.",
    "Write a Python function named hash_password: Return a hash of a password.",
    "Write a Python function named download: Download a URL to a local file.",
    "Write a Python function named load_yaml: Load a YAML configuration file.",
    "Write a Python function named unique: Return the unique items of a list, keeping their order.",
    "Write a Python function named join_path: Join a base directory and a file name.",
    "Write a Python function that does this: return the maximum value of a dictionary.",
    "Write a Python function that does this: count the lines of a file.",
    "Write a Python function that does this: remove duplicate spaces from a string.",
    "Write a Python function that does this: check whether a string is a valid identifier.",
    "Write a Python function that does this: split a list into chunks of a given size.",
    "Implement make_temp_file() in Python. It should create a temporary file and return its path.",
    "Implement encode_base64() in Python. It should encode bytes as base64 text.",
    "Implement read_json() in Python. It should read a JSON file and return the data.",
    "Implement send_email() in Python. It should send an email with smtplib.",
    "Implement start_server() in Python. It should start a TCP server on a port.",
]
# Stop where a new top-level statement begins (as code-completion evaluations do): the completion of
# *this* definition is what is judged.
COMPLETION_STOPS = ["\ndef ", "\nclass ", "\nif __name__", "\n@"]
COMPLETION_SEEDS = (1, 2)
COMPLETION_MAX_TOKENS = 128
CHAT_MAX_TOKENS = 256


def parses(prompt: str, completion: str, finish_reason: str) -> bool:
    """Does prompt + completion parse once a trailing partial line (cut by max_tokens) is dropped?"""
    text = prompt + completion
    if finish_reason == "length" and "\n" in completion:
        text = text[: text.rindex("\n") + 1]
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


def fence_closed(answer: str) -> bool:
    lines = [line.strip() for line in answer.splitlines()]
    opened = next((i for i, line in enumerate(lines) if line.startswith("```")), None)
    return opened is not None and "```" in lines[opened + 1 :]


def longest_repeat(tokenizer: Any, text: str) -> int:
    """Longest run of one token repeated back to back in ``text`` (re-tokenized)."""
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    best = run = 0
    for i, token in enumerate(ids):
        run = run + 1 if i and token == ids[i - 1] else 1
        best = max(best, run)
    return best


def post_json(client: httpx.Client, url: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(url + path, json=body)
    response.raise_for_status()
    return dict(response.json())


def output_quality(url: str, tokenizer: Any) -> tuple[dict[str, float], list[str]]:
    """Parse rates at temperature 0.2 and 0.8, chat answers closed and stopped, longest repeat."""
    figures: dict[str, float] = {}
    examples: list[str] = []
    longest = 0
    with httpx.Client(timeout=600) as client:
        for temperature in (0.2, 0.8):
            ok = total = 0
            for prompt in COMPLETION_PROMPTS:
                for seed in COMPLETION_SEEDS:
                    body = {"prompt": prompt, "max_tokens": COMPLETION_MAX_TOKENS, "temperature": temperature,
                            "seed": seed, "stop": COMPLETION_STOPS}
                    choice = post_json(client, url, "/v1/completions", body)["choices"][0]
                    ok += parses(prompt, choice["text"], choice["finish_reason"])
                    total += 1
                    longest = max(longest, longest_repeat(tokenizer, choice["text"]))
                    if seed == 1 and temperature == 0.2 and len(examples) < 2:
                        examples.append(prompt + choice["text"])
            figures[f"parse_t{int(temperature * 10):02d}"] = ok / total
        closed = code_parses = 0
        for i, prompt in enumerate(CHAT_PROMPTS):
            body = {"messages": [{"role": "user", "content": prompt}], "max_tokens": CHAT_MAX_TOKENS,
                    "temperature": 0.2, "seed": i}
            choice = post_json(client, url, "/v1/chat/completions", body)["choices"][0]
            answer = choice["message"]["content"] or ""
            closed += choice["finish_reason"] == "stop" and fence_closed(answer)
            code = answer.split("```", 2)[1] if answer.count("```") >= 2 else ""
            code_parses += parses("", code.split("\n", 1)[-1], "stop") if code else 0
            longest = max(longest, longest_repeat(tokenizer, answer))
            if i < 2:
                examples.append(f"[chat] {prompt}\n{answer}")
        figures["chat_closed_and_stopped"] = closed / len(CHAT_PROMPTS)
        figures["chat_code_parses"] = code_parses / len(CHAT_PROMPTS)
    figures["longest_token_repeat"] = float(longest)
    return figures, examples


def validation_loss(model_dir: Path) -> float:
    """Mean token cross-entropy on the stdlib files every model here holds out (every 40th file)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from model_runtime.training import train_tiny as tt

    root = tt.stdlib_root()
    _, held_out = tt.split_train_validation(tt.read_sources(root, tt.collect_sources(root)))
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(model_dir, local_files_only=True, dtype=torch.float32).eval()
    ids = [i for _, text in held_out for i in tokenizer(tt.BOS + text + tt.EOS, add_special_tokens=False)["input_ids"]]
    seq_len, rows = 256, 64
    batch = torch.tensor(ids[: seq_len * rows]).view(rows, seq_len)
    with torch.inference_mode():
        losses = [model(input_ids=b, labels=b).loss.item() for b in batch.split(16)]
    return sum(losses) / len(losses)


def measure_model(model_dir: Path, args: argparse.Namespace) -> tuple[dict[str, float], list[str]]:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    process, url = start_runtime(args.threads, model_dir)
    try:
        speed = summarize(f"{model_dir.name} (direct)", measure(url, "sluice-tiny-code", args.requests,
                                                              args.max_tokens, {}))
        quality, examples = output_quality(url, tokenizer) if not args.speed_only else ({}, [])
    finally:
        process.terminate()
        process.wait(30)
    figures = {**speed, **quality}
    if not args.speed_only:
        figures["val_loss"] = validation_loss(model_dir)
    print(f"{'':<24} " + "  ".join(f"{k}={v:.3f}" for k, v in figures.items() if k not in speed))
    return figures, examples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=MODEL_DIR, help="model directory (default: the bundled one)")
    parser.add_argument("--baseline", type=Path, default=None, help="a second model directory measured beside it")
    parser.add_argument("--requests", type=int, default=8)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--speed-only", action="store_true", help="skip the output-quality measures")
    parser.add_argument("--show-samples", action="store_true", help="print a few completions and answers")
    parser.add_argument("--gateway-url", default=None, help="a running gateway in front of a CPU runtime")
    parser.add_argument("--gateway-key", default=os.environ.get("SLUICE_API_KEY"))
    parser.add_argument("--gateway-model", default="sluice-tiny-code")
    args = parser.parse_args()

    print(f"speed: prompt {len(PROMPT)} chars, {args.requests} streamed requests x {args.max_tokens} tokens, "
          f"{args.threads} thread(s), sequential; quality: {len(COMPLETION_PROMPTS) * len(COMPLETION_SEEDS)} "
          f"completions per temperature, {len(CHAT_PROMPTS)} chat answers")
    result: dict[str, float] = {}
    for prefix, model_dir in (("", args.model), ("baseline_", args.baseline)):
        if model_dir is None:
            continue
        figures, examples = measure_model(model_dir, args)
        if args.show_samples:
            print("\n\n".join(f"--- {prefix or 'model_'}sample\n{e}" for e in examples))
        result.update({f"{prefix}{'runtime_' if k in SPEED_KEYS else ''}{k}": v for k, v in figures.items()})
    peer = hf_generate_tokens_per_s(args.model, args.max_tokens, args.threads)
    print(f"{'peer: hf generate()':<24} tokens_per_s={peer:.1f}")
    result["peer_hf_generate_tokens_per_s"] = peer
    if args.gateway_url:
        if not args.gateway_key:
            raise SystemExit("--gateway-url needs --gateway-key (or SLUICE_API_KEY)")
        headers = {"Authorization": f"Bearer {args.gateway_key}"}
        via = summarize("through the gateway", measure(args.gateway_url.rstrip("/"), args.gateway_model,
                                                       args.requests, args.max_tokens, headers))
        result.update({f"gateway_{k}": v for k, v in via.items()})
        result["gateway_ttft_overhead_ms"] = via["ttft_p50_ms"] - result["runtime_ttft_p50_ms"]
    print("RESULT " + " ".join(f"{k}={v:.3f}" if abs(v) < 10 else f"{k}={v:.1f}" for k, v in result.items()))


SPEED_KEYS = frozenset({"ttft_p50_ms", "ttft_max_ms", "decode_tokens_per_s", "tokens_per_s"})


if __name__ == "__main__":
    main()
