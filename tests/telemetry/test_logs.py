"""JSON logs carry request and trace ids; secrets and content never appear."""

from __future__ import annotations

import io
import json
import logging

from gateway.telemetry import configure_logging, log_context, redact


def capture() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    return logging.getLogger("sluice.test"), stream


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_lines_with_ids() -> None:
    log, stream = capture()
    try:
        with log_context("req_abc", "0af7651916cd43dd8448eb211c80319c"):
            log.info("request done", extra={"tenant": "acme", "status": 200, "latency_ms": 12.5})
        log.info("outside")
        first, second = lines(stream)
        assert first["msg"] == "request done" and first["level"] == "info"
        assert first["logger"] == "sluice.test"
        assert first["request_id"] == "req_abc" and first["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
        assert first["tenant"] == "acme" and first["status"] == 200 and first["latency_ms"] == 12.5
        assert "request_id" not in second
    finally:
        logging.getLogger().handlers.clear()


def test_content_and_secrets_stay_out() -> None:
    log, stream = capture()
    try:
        log.info("auth failed for %s", "sk-sluice-abc123_topsecret", extra={"prompt": "my secret code"})
        try:
            raise ValueError("header was Bearer eyJhbGciOi.payload.sig")
        except ValueError:
            log.exception("upstream call failed; url=%s", "postgresql://app:hunter2@db/sluice")
        text = stream.getvalue()
        assert "topsecret" not in text and "my secret code" not in text and "prompt" not in text
        assert "eyJhbGciOi" not in text and "hunter2" not in text
        record = lines(stream)[1]
        assert record["exc_type"] == "ValueError" and "[REDACTED]" in str(record["exc"])
    finally:
        logging.getLogger().handlers.clear()


def test_redact_patterns() -> None:
    assert redact("key sk-sluice-ab_cd") == "key [REDACTED]"
    assert redact("Authorization: Bearer abc/def==") == "Authorization: Bearer [REDACTED]"
    assert redact("api_key=x1&other=2") == "api_key=[REDACTED]&other=2"
    assert redact("redis://:pw@h:6379/0") == "redis://:[REDACTED]@h:6379/0"
    assert redact("plain http://h:8000/v1 text") == "plain http://h:8000/v1 text"
