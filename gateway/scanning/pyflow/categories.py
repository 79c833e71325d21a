"""The weakness categories pyflow reports: rule id, the standard CWE evaluators score, severity."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.scanning.findings import Severity


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    cwe: str
    severity: Severity
    what: str  # message text: names the weakness, never the data

    @property
    def rule_id(self) -> str:
        return f"pyflow.{self.name}"


_ALL = (
    Category("command-injection", "CWE-78", Severity.HIGH, "OS command built from request data"),
    Category("code-injection", "CWE-94", Severity.HIGH, "request data evaluated as Python code"),
    Category("deserialization", "CWE-502", Severity.HIGH, "request data deserialized with an unsafe loader"),
    Category("weak-hash", "CWE-328", Severity.MEDIUM, "weak hash algorithm (MD5/SHA-1 family)"),
    Category("weak-random", "CWE-330", Severity.MEDIUM, "predictable random value used where it must be secret"),
    Category("ldap-injection", "CWE-90", Severity.HIGH, "LDAP filter built from request data"),
    Category("path-traversal", "CWE-22", Severity.HIGH, "file path built from request data"),
    Category("open-redirect", "CWE-601", Severity.MEDIUM, "redirect target taken from request data"),
    Category("insecure-cookie", "CWE-614", Severity.MEDIUM, "cookie set without secure=True"),
    Category("sql-injection", "CWE-89", Severity.HIGH, "SQL query built from request data"),
    Category("trust-boundary", "CWE-501", Severity.MEDIUM, "request data stored in the session"),
    Category("xpath-injection", "CWE-643", Severity.HIGH, "XPath expression built from request data"),
    Category("xss", "CWE-79", Severity.HIGH, "request data written into an HTML response unescaped"),
    Category("xxe", "CWE-611", Severity.HIGH, "XML parser resolves external entities"),
)
CATEGORIES: dict[str, Category] = {c.name: c for c in _ALL}
