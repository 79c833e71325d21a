"""Limits hold exactly across 4 OS processes sharing one real Redis (the `--workers N` case)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.limits.conftest import fresh_prefix
from tests.limits.multiproc_worker import SCENARIOS
from tests.support.redis import RedisServer

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
ATTEMPTS = 25  # per worker and scenario: 100 in all, well above every limit


def test_each_limit_exact_across_four_processes(redis_server: RedisServer) -> None:
    prefix = fresh_prefix()
    command = [sys.executable, "-m", "tests.limits.multiproc_worker", redis_server.url, prefix,
               str(WORKERS), str(ATTEMPTS)]
    procs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(WORKERS)]
    totals = dict.fromkeys(SCENARIOS, 0)
    per_worker = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()[-2000:]
        counts = json.loads(out)
        per_worker.append(counts)
        for name, count in counts.items():
            totals[name] += count
    assert totals == {"requests": 30, "tokens_per_minute": 14, "tokens_per_day": 7, "concurrency": 5}
    # The admissions really were spread over processes (not one process taking everything).
    assert sum(1 for counts in per_worker if counts["requests"] > 0) >= 2
