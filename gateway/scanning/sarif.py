"""SARIF 2.1.0 rendering of scan findings (for CI code-scanning dashboards)."""

from __future__ import annotations

from typing import Any

from gateway.scanning.findings import Finding, Severity

_LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning",
          Severity.LOW: "note", Severity.INFO: "note"}  # fmt: skip


def to_sarif(findings: list[Finding], uri: str, version: str = "0.1.0") -> dict[str, Any]:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for f in findings:
        rules.setdefault(
            f.rule_id,
            {
                "id": f.rule_id,
                "shortDescription": {"text": f.message[:200] or f.rule_id},
                "properties": {"scanner": f.scanner, "cwe": f.cwe, "severity": f.severity.value},
                **({"help": {"text": f.remediation}} if f.remediation else {}),
            },
        )
        region: dict[str, int] = {"startLine": f.start_line, "endLine": f.end_line}
        if f.start_col:
            region["startColumn"] = f.start_col
        if f.end_col and f.end_line >= f.start_line:
            region["endColumn"] = f.end_col
        results.append(
            {
                "ruleId": f.rule_id,
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}],
                "properties": {"scanner": f.scanner, "severity": f.severity.value, "cwe": f.cwe,
                               "confidence": f.confidence},
            }
        )  # fmt: skip
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "sluice", "version": version, "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }
