"""Issue 16 without a browser: the query layer's redaction reading and rule match on SQLite and
PostgreSQL, scan-coverage notes kept off code lines, stage shares, repair panes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gateway.admin.dashboard import filters
from gateway.admin.dashboard.overview_data import load_overview
from gateway.admin.dashboard.record_view import attempt_panes, segments, stage_rows
from gateway.audit.entry import AuditEntry, sha256_text
from gateway.audit.query import AuditFilter, count_matching, rule_ids, search
from gateway.audit.store import chain_store_for
from gateway.db.engine import create_engine


def _row(n: int, when: datetime, decision: str | None, **extra: Any) -> dict[str, Any]:
    return AuditEntry(
        request_id=f"q{n}", created_at=when, endpoint="/v1/chat/completions", tenant_id=1, tenant_name="t1",
        model="m", status_code=200, decision=decision, **extra,
    ).row()


def _finding(rule: str) -> dict[str, Any]:
    return {"scanner": "semgrep", "rule_id": rule, "severity": "high", "cwe": "CWE-78", "message": "m",
            "start_line": 1, "end_line": 1, "action": "block"}


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_redacted_prompts_count_as_redacted_on_each_backend(backend: str, fresh_database: Any) -> None:
    """Defect 4 (and 12's partial rule ids): the stores write input_actions differently
    (compact JSON on PostgreSQL's one-statement append); both are read the same."""
    url = str(fresh_database(backend))
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    redacted = [{"rule": "aws_access_key_id", "kind": "secret", "action": "redact", "part": 0},
                {"rule": "email", "kind": "pii", "action": "redact", "part": 0}]
    rows = [
        _row(1, now - timedelta(minutes=3), "allow", input_actions=redacted),  # prompt redacted, answer passed
        _row(2, now - timedelta(minutes=2), "allow"),
        _row(3, now - timedelta(minutes=1), "redact"),  # answer redacted
        _row(4, now - timedelta(minutes=1), "block", input_actions=redacted,
             findings=[_finding("python.lang.security.audit.subprocess-shell-true")]),
    ]

    async def main() -> Any:
        engine = create_engine(url)
        store = chain_store_for(url, engine)
        try:
            await store.append(rows)
            async with engine.connect() as conn:

                async def ids(flt: AuditFilter) -> list[str]:
                    page = await search(conn, flt, keyring=None)
                    return sorted(item["request_id"] for item in page.items)

                return (
                    await ids(AuditFilter(decision="redact")),
                    await ids(AuditFilter(decision="allow")),
                    await ids(AuditFilter(decision="block")),
                    await ids(AuditFilter(input_action="redact")),
                    await ids(AuditFilter(rule_id="SHELL-TRUE")),
                    await ids(AuditFilter(rule_id="no-such")),
                    await count_matching(conn, AuditFilter(decision="redact"), keyring=None),
                    await rule_ids(conn, None),
                    await load_overview(conn, "1h", None, now=now),
                )
        finally:
            await store.aclose()
            await engine.dispose()

    redact, allow, block, prompt, shell, none, count, rules, view = asyncio.run(main())
    assert redact == ["q1", "q3"] and allow == ["q2"] and block == ["q4"]
    assert prompt == ["q1", "q4"]
    assert shell == ["q4"] and none == []
    assert count == 2
    assert rules == ["python.lang.security.audit.subprocess-shell-true"]
    assert view.count("redact") == 2 and view.count("allow") == 1 and view.count("block") == 1


def test_relative_presets_set_since_and_conflict_with_it() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    flt = filters.to_filter(filters.parse({"range": "15m"}), {}, None, now=now)
    assert flt.since == now - timedelta(minutes=15)
    with pytest.raises(filters.FilterError) as error:
        filters.to_filter(filters.parse({"range": "15m", "since": "2026-01-01", "input": "maybe"}), {}, None)
    assert {e.param for e in error.value.errors} == {"range", "input"}


def test_parse_errors_are_coverage_notes_not_line_findings() -> None:
    """Defect 6: a parse error at scan time is not pinned on line 1 of a block that parses."""
    text = "Here:\n```python\nimport os\nprint(os.getcwd())\n```\n"
    parse_error = {"scanner": "bandit", "rule_id": "scanner.parse_error", "severity": "info",
                   "message": "could not parse", "start_line": 1, "end_line": 1, "block_index": 0}
    real = {**_finding("python.x"), "block_index": 0, "start_line": 2, "end_line": 2}
    [_, code] = segments(text, [parse_error, real])
    assert [line.number for line in code.lines if line.findings] == [2]
    assert [c["rule_id"] for c in code.coverage] == ["scanner.parse_error"] and code.parses is True
    [broken] = [s for s in segments("```python\ndef (:\n```\n", [parse_error]) if s.kind == "code"]
    assert broken.parses is False and not any(line.findings for line in broken.lines)


def test_stage_shares_are_capped_and_overlap_is_marked() -> None:
    """Defect 10: scan.secrets summed over concurrent blocks (560 ms) against a 304 ms request."""
    rows = {r["name"]: r for r in stage_rows({"auth": 0.2, "scan.secrets": 560.0, "upstream": 250.0}, 304.0)}
    assert rows["scan.secrets"]["overlapping"] and rows["scan.secrets"]["share"] == 100.0
    assert not rows["upstream"]["overlapping"] and rows["upstream"]["share"] == pytest.approx(82.2, abs=0.1)


def test_repair_panes_show_the_stored_last_answer() -> None:
    """Defect 8: the last answer judged is the response body (matched by its hash)."""
    last = "```python\nprint(1)\n```\n"
    details = {"repair_attempts": [
        {"action": "repair", "chars": 10, "text_sha256": "0" * 64, "findings": [_finding("a")]},
        {"action": "block", "chars": len(last), "text_sha256": sha256_text(last), "findings": []},
    ]}
    first, second = attempt_panes(details, last)
    assert (first["label"], first["stored"]) == ("Original answer", False)
    assert (second["label"], second["stored"]) == ("Repair 1", True) and second["segments"]
    assert not attempt_panes(details, "something else")[1]["stored"], "another body is not shown as that answer"
