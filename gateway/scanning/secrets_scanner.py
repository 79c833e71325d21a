"""Hard-coded secrets in generated code or prose, any language."""

from __future__ import annotations

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


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class SecretsScanner:
    name = "secrets"

    def supports(self, language: str | None) -> bool:
        return True

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    async def scan(self, snippet: Snippet) -> list[Finding]:
        # Microseconds of regex work: cheaper inline than a thread hop.
        findings = []
        for m in find_secrets(snippet.code):
            start_line, start_col = _position(snippet.code, m.start)
            end_line, end_col = _position(snippet.code, m.end)
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
