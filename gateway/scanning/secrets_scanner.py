"""Hard-coded secrets in generated code or prose, any language."""

from __future__ import annotations

import asyncio
import bisect
import re

from gateway.scanning.base import Snippet
from gateway.scanning.findings import Finding, Severity
from gateway.scanning.secrets import find_secrets

_CRITICAL = {
    "private_key",
    "aws_access_key_id",
    "aws_secret_access_key",
    "gcp_service_account_key",
    "azure_storage_key",
    "sluice_api_key",
    "github_fine_grained_token",
}


# Characters of output above which the scan runs in a worker thread (about 1 ms of work).
OFF_LOOP_CHARS = 4000


class _Positions:
    """1-based (line, column) of offsets; the line starts are found once, not per finding."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class SecretsScanner:
    name = "secrets"

    def supports(self, language: str | None) -> bool:
        return True

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    async def scan(self, snippet: Snippet) -> list[Finding]:
        # A typical answer is microseconds of regex work, cheaper inline than a thread hop; a
        # long one leaves the event loop so that it cannot hold up other requests.
        if len(snippet.code) < OFF_LOOP_CHARS:
            return self._scan_sync(snippet.code)
        return await asyncio.to_thread(self._scan_sync, snippet.code)

    def _scan_sync(self, code: str) -> list[Finding]:
        findings = []
        position = _Positions(code)
        for m in find_secrets(code):
            start_line, start_col = position(m.start)
            end_line, end_col = position(m.end)
            findings.append(
                Finding(
                    self.name,
                    f"secrets.{m.kind}",
                    Severity.CRITICAL if m.kind in _CRITICAL else Severity.HIGH,
                    f"Hard-coded secret: {m.description}",
                    start_line,
                    end_line,
                    confidence="high",
                    cwe="CWE-798",
                    start_col=start_col,
                    end_col=end_col,
                    remediation="Load the secret from the environment or a secret manager, and rotate it.",
                    extra={"kind": m.kind},
                )
            )
        return findings
