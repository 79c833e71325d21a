"""Drive the real audit writer and verifier against a real database from sync tests."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from gateway.audit.config import AuditSettings, build_audit_writer
from gateway.audit.entry import AuditEntry
from gateway.audit.verify import ChainReport, verify_chain
from gateway.db.engine import create_engine

EVAL_FINDING = {
    "scanner": "semgrep",
    "rule_id": "python.eval",
    "severity": "high",
    "cwe": "CWE-95",
    "message": "eval of untrusted input",
    "start_line": 2,
    "end_line": 2,
    "action": "block",
}
SQLI_FINDING = {
    "scanner": "bandit",
    "rule_id": "B608",
    "severity": "medium",
    "cwe": "CWE-89",
    "message": "SQL built from strings",
    "start_line": 5,
    "end_line": 6,
    "action": "annotate",
}


def entry(**fields: Any) -> AuditEntry:
    values: dict[str, Any] = {
        "request_id": "req_" + secrets.token_hex(8),
        "created_at": datetime.now(UTC),
        "endpoint": "/v1/chat/completions",
        "status_code": 200,
        "prompt": "write a function",
        "response": "def f(): pass",
    }
    values.update(fields)
    return AuditEntry(**values)


def write(url: str, entries: Iterable[AuditEntry], settings: AuditSettings | None = None) -> list[int]:
    async def main() -> list[int]:
        engine = create_engine(url)
        writer = build_audit_writer(url, engine, settings or AuditSettings())
        await writer.start()
        try:
            return list(await asyncio.gather(*(writer.write(e) for e in entries)))
        finally:
            await writer.aclose()
            await engine.dispose()

    return asyncio.run(main())


def verify(url: str, **options: Any) -> ChainReport:
    async def main() -> ChainReport:
        engine = create_engine(url)
        try:
            return await verify_chain(engine, **options)
        finally:
            await engine.dispose()

    return asyncio.run(main())
