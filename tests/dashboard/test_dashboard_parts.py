"""The dashboard's parts without a browser: sessions, CSRF, lock-out, filters, line marking, overview SQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from gateway.admin.dashboard import filters
from gateway.admin.dashboard.overview_data import load_overview
from gateway.admin.dashboard.policy_data import shadow_results
from gateway.admin.dashboard.record_view import highlight_lines, segments
from gateway.admin.dashboard.security import LoginThrottle, SessionSigner, load_secret
from gateway.audit.entry import AuditEntry
from gateway.audit.store import chain_store_for
from gateway.db.engine import create_engine
from gateway.settings import ConfigError, load_settings


def test_session_round_trip_and_tampering() -> None:
    signer = SessionSigner(b"k" * 32, ttl_s=60)
    cookie, session = signer.issue("abc123", 7, "acme", False)
    assert signer.read(cookie) == session
    payload, mac = cookie.split(".")
    assert signer.read(payload + "x." + mac) is None, "edited payload"
    assert signer.read(payload + "." + mac[:-2] + "AA") is None, "edited signature"
    assert SessionSigner(b"o" * 32).read(cookie) is None, "another secret"
    assert signer.read(cookie, now=session.expires_at + 1) is None, "expired"
    for junk in ("", "a.b.c", "no-dot", "....", "%%%.%%%"):
        assert signer.read(junk) is None


def test_csrf_token_is_bound_to_its_session() -> None:
    signer = SessionSigner(b"k" * 32)
    _, one = signer.issue("a", None, "ops", True)
    _, two = signer.issue("a", None, "ops", True)
    token = signer.csrf_token(one.nonce)
    assert signer.csrf_ok(one.nonce, token)
    assert not signer.csrf_ok(two.nonce, token)
    assert not signer.csrf_ok(one.nonce, None) and not signer.csrf_ok(None, token)


def test_secret_from_environment() -> None:
    configured = load_settings(environ={"SLUICE_DASHBOARD_SECRET": "s" * 32}).dashboard.secret
    assert load_secret(configured) == b"s" * 32
    with pytest.raises(ConfigError, match="SLUICE_DASHBOARD_SECRET: must be at least 32"):
        load_settings(environ={"SLUICE_DASHBOARD_SECRET": "short"})
    assert len(load_secret(None)) == 32


def test_lockout_counts_failures_in_a_window() -> None:
    throttle = LoginThrottle(max_failures=3, window_s=60, lockout_s=300)
    assert not throttle.failed("a", now=100) and not throttle.failed("a", now=101)
    assert throttle.locked_for("a", now=102) == 0
    assert throttle.failed("a", now=102)
    assert throttle.locked_for("a", now=103) == pytest.approx(299)
    assert throttle.locked_for("b", now=103) == 0, "per client"
    assert throttle.locked_for("a", now=403) == 0, "the lock expires"
    throttle.failed("c", now=0)
    throttle.failed("c", now=1)
    assert not throttle.failed("c", now=100), "old failures leave the window"


def test_filters_pin_a_scoped_viewer_and_reject_bad_values() -> None:
    names = {"acme": 1, "other": 2}
    query = filters.parse({"tenant": "other", "cwe": "78", "decision": "block", "since": "2026-01-31T10:00"})
    pinned = filters.to_filter(query, names, pinned_tenant=1)
    assert pinned.tenant_id == 1 and pinned.cwe == "CWE-78" and pinned.decision == "block"
    assert pinned.since == datetime(2026, 1, 31, 10, 0, tzinfo=UTC)
    assert filters.to_filter(query, names, pinned_tenant=None).tenant_id == 2
    for bad, message in (
        ({"status": "abc"}, "status"),
        ({"tenant": "nope"}, "no tenant"),
        ({"decision": "maybe"}, "decision"),
        ({"since": "yesterday"}, "since"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "before"),
        ({"cwe": "xx"}, "cwe"),
        ({"status": "²"}, "status"),
        ({"text": "a\x00"}, "text"),
    ):
        with pytest.raises(filters.FilterError, match=message):
            filters.to_filter(filters.parse(bad), names, None)
    with pytest.raises(filters.FilterError) as caught:
        filters.to_filter(filters.parse({"status": "x", "cwe": "xx"}), names, None)
    assert len(caught.value.messages) == 2  # every bad field, not only the first
    assert "cursor=abc" in query.query_string(cursor="abc") and "tenant=other" in query.query_string()


def test_findings_land_on_their_block_and_line() -> None:
    text = "Intro\n```python\nx = 1\n```\nBetween\n```python\nimport os\nos.system(cmd)\n```\nEnd"
    found = [{"block_index": 1, "start_line": 2, "end_line": 2, "rule_id": "shell"}]
    parts = segments(text, found)
    assert [p.kind for p in parts] == ["prose", "code", "prose", "code", "prose"]
    assert not parts[1].flagged
    marked = [(line.number, f["rule_id"]) for line in parts[3].lines for f in line.findings]
    assert marked == [(2, "shell")]
    assert "```" not in "".join(p.text for p in parts if p.kind == "prose")


def test_highlighting_escapes_markup() -> None:
    lines = highlight_lines('x = "<script>alert(1)</script>"\ny = 2\n', "python")
    assert len(lines) == 2
    assert "<script>" not in lines[0] and "&lt;script&gt;" in lines[0]
    assert segments("<b>not code</b>", [])[0].text == "<b>not code</b>"  # escaped by the template


def _finding(rule: str) -> dict[str, Any]:
    return {
        "scanner": "semgrep",
        "rule_id": rule,
        "severity": "high",
        "cwe": "CWE-78",
        "message": "m",
        "start_line": 1,
        "end_line": 1,
        "action": "block",
    }


def _entry(n: int, when: datetime, decision: str | None, tenant: int, **extra: Any) -> dict[str, Any]:
    entry = AuditEntry(
        request_id=f"r{n}",
        created_at=when,
        endpoint="/v1/chat/completions",
        tenant_id=tenant,
        tenant_name=f"t{tenant}",
        model="m",
        status_code=200,
        decision=decision,
        upstream_ms=10.0 * n,
        **extra,
    )
    return entry.row()


async def _shadow(url: str, now: datetime) -> Any:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await shadow_results(conn, now, None)
    finally:
        await engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_overview_figures_on_each_backend(backend: str, fresh_database: Any) -> None:
    url = str(fresh_database(backend))
    now = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    rows = [
        _entry(1, now - timedelta(minutes=5), "block", 1, findings=[_finding("a"), _finding("b")]),
        _entry(2, now - timedelta(hours=2, minutes=10), "redact", 1),
        _entry(3, now - timedelta(hours=2, minutes=20), "allow", 2),
        _entry(4, now - timedelta(days=3), "block", 2),  # outside 24h
        _entry(5, now - timedelta(minutes=1), None, 2, outcome="upstream_error", error_code="upstream_error"),
        _entry(6, now - timedelta(minutes=2), "block", 2, policy_mode="shadow"),  # logged, not enforced
    ]

    async def main() -> Any:
        engine = create_engine(url)
        store = chain_store_for(url, engine)
        try:
            await store.append(rows)
            async with engine.connect() as conn:
                return (
                    await load_overview(conn, "24h", None, now=now),
                    await load_overview(conn, "24h", 1, now=now),
                )
        finally:
            await store.aclose()
            await engine.dispose()

    view, scoped = asyncio.run(main())
    assert view.total == 5 and view.count("block") == 1 and view.count("redact") == 1
    assert view.count("shadow") == 1
    assert view.upstream_calls == 5 and view.upstream_errors == 1
    assert view.upstream_p50_ms == 30.0 and view.upstream_p95_ms == 60.0
    assert sum(view.series["requests"]) == 5 and view.series["requests"][-1] == 3
    assert view.series["block"][-1] == 1
    assert {r["key"]: r["blocked"] for r in view.by_tenant} == {"t1": 1, "t2": 0}
    assert view.findings_by_model == [{"key": "m", "findings": 2, "records": 1}]
    assert view.series["requests"][-3] == 2 and view.series["redact"][-3] == 1
    shadow = asyncio.run(_shadow(url, now))
    assert shadow == {"t2": {"block": 1}}
    assert scoped.total == 2 and {r["key"] for r in scoped.by_tenant} == {"t1"}


def test_the_record_pages_parse_check_waits_for_scannings_ast_lock() -> None:
    # CPython 3.11 fails two concurrent parses ("AST constructor recursion depth mismatch"): the
    # dashboard's parse check must take the lock scanning holds while it builds ASTs.
    import threading

    from gateway.scanning import pyast
    from gateway.scanning.findings import PARSE_ERROR

    done = threading.Event()
    shown: list[Any] = []

    def render() -> None:
        # a parse-error coverage note on the block is what makes the page check that it parses
        note = {"rule_id": PARSE_ERROR, "block_index": 0, "start_line": 1}
        shown.extend(segments("```python\ndef f(x):\n    return x\n```\n", [note]))
        done.set()

    with pyast._AST_LOCK:  # scanning is parsing
        worker = threading.Thread(target=render)
        worker.start()
        assert not done.wait(0.3), "the parse check ran while scanning held the AST lock"
    assert done.wait(5)
    worker.join()
    assert [s.parses for s in shown if s.kind == "code"] == [True]
