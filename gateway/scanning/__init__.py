"""Output scanning: code extraction, scanners (semgrep, bandit, secrets, license), one engine."""

from gateway.scanning.engine import ScanEngine, ScanResult
from gateway.scanning.extraction import CodeBlock, extract_code_blocks
from gateway.scanning.findings import PARSE_ERROR, SCAN_INCOMPLETE, Finding, Severity
from gateway.scanning.languages import detect_language, language_hint_from_prompt
from gateway.scanning.secrets import SecretMatch, find_secrets
from gateway.scanning.settings import ScanSettings

__all__ = [
    "PARSE_ERROR",
    "SCAN_INCOMPLETE",
    "CodeBlock",
    "Finding",
    "ScanEngine",
    "ScanResult",
    "ScanSettings",
    "SecretMatch",
    "Severity",
    "detect_language",
    "extract_code_blocks",
    "find_secrets",
    "language_hint_from_prompt",
]
