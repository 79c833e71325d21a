"""A stand-in ``vllm`` executable for tests: ``vllm serve DIR --port P ...`` runs the CPU runtime.

It accepts the launcher's full ``vllm serve`` command line, so the real ``runtime vllm`` command
(spawn, health wait, restart, SIGTERM) is exercised end to end without a GPU.
"""

from __future__ import annotations

import argparse
import os
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("verb", choices=["serve"])
    parser.add_argument("weights")
    parser.add_argument("--served-model-name", required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", required=True)
    args, _ = parser.parse_known_args()
    argv = [
        sys.executable,
        "-m",
        "model_runtime",
        "cpu",
        "--model",
        args.weights,
        "--host",
        args.host,
        "--port",
        args.port,
        "--served-model-name",
        args.served_model_name,
        "--threads",
        "1",
    ]
    if os.environ.get("VLLM_API_KEY"):
        argv += ["--api-key-env", "VLLM_API_KEY"]
    os.execv(sys.executable, argv)


if __name__ == "__main__":
    main()
