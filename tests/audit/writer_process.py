"""A separate OS process appending records through its own AuditWriter (the multi-worker case).

Usage: python -m tests.audit.writer_process URL NAME COUNT  (prints "ready", writes after a stdin line)
"""

from __future__ import annotations

import asyncio
import sys

from gateway.audit.config import AuditSettings, build_audit_writer
from gateway.db.engine import create_engine
from tests.audit.helpers import EVAL_FINDING, entry


async def main(url: str, name: str, count: int) -> None:
    engine = create_engine(url)
    writer = build_audit_writer(url, engine, AuditSettings())
    await writer.start()
    # Start line: every process is connected and ready before any writes.
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    try:
        # Waves of concurrent writes: each wave becomes one or a few group commits.
        for start in range(0, count, 10):
            wave = [
                entry(request_id=f"{name}-{i}", findings=[EVAL_FINDING] if i % 3 == 0 else [])
                for i in range(start, min(count, start + 10))
            ]
            await asyncio.gather(*(writer.write(e) for e in wave))
    finally:
        await writer.aclose()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
