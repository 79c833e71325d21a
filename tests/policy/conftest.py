"""Helpers to write throwaway policy directories and findings."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.scanning.findings import Finding, Severity

WriteFn = Callable[..., Path]


@pytest.fixture
def policy_dir(tmp_path: Path) -> Callable[..., Path]:
    """write(default=YAML, tenants={name: YAML}, files={relpath: YAML}) -> the directory."""
    root = tmp_path / "policies"

    def write(
        default: str = "", tenants: dict[str, str] | None = None, files: dict[str, str] | None = None
    ) -> Path:
        (root / "tenants").mkdir(parents=True, exist_ok=True)
        (root / "default.yaml").write_text(textwrap.dedent(default))
        for name, text in (tenants or {}).items():
            (root / "tenants" / f"{name}.yaml").write_text(textwrap.dedent(text))
        for rel, text in (files or {}).items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(textwrap.dedent(text))
        return root

    return write


def finding(
    rule_id: str = "B602",
    severity: str = "high",
    *,
    scanner: str = "bandit",
    cwe: str | None = "CWE-78",
    extra: dict | None = None,
    confidence: str = "high",
) -> Finding:
    return Finding(
        scanner=scanner,
        rule_id=rule_id,
        severity=Severity(severity),
        message=f"{rule_id} finding",
        start_line=1,
        end_line=1,
        cwe=cwe,
        confidence=confidence,
        extra=extra or {},
    )
