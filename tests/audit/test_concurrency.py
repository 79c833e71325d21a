"""Several OS processes append to one database: one gap-free chain that verifies."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

from tests.audit.helpers import verify
from tests.support import db

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4
PER_PROCESS = 120


def test_concurrent_writer_processes_produce_one_verifiable_chain(audit_db: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.audit.writer_process", audit_db, f"w{n}", str(PER_PROCESS)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(PROCESSES)
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(b"go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()[-2000:]
    rows = db.audit_rows(audit_db)
    assert len(rows) == PROCESSES * PER_PROCESS
    assert [r.id for r in rows] == list(range(1, len(rows) + 1))
    assert len({r.request_id for r in rows}) == len(rows)
    # The writers really interleaved: records of one process do not form one block.
    owners = [r.request_id.split("-")[0] for r in rows]
    switches = sum(1 for a, b in itertools.pairwise(owners) if a != b)
    assert switches >= PROCESSES
    report = verify(audit_db)
    assert report.ok and report.checked == PROCESSES * PER_PROCESS, report
