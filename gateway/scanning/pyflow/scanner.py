"""`PyflowScanner`: the dataflow analysis as a scanner (name "pyflow", Python only, in-process).

Findings carry the standard CWE of their category, `confidence: high` when request data reaches
the sink on a path followed exactly (or the API misuse is certain), `medium` when it passed
through a call we could not see. Sinks the analysis proved constant or sanitized come back as
`pyflow.cleared` markers (severity info) for calibration (gateway/scanning/calibration.py), which
removes them after demoting other engines' findings on those lines.
"""

from __future__ import annotations

import ast
import logging
import warnings

from gateway.scanning.base import Snippet
from gateway.scanning.findings import Finding, Severity
from gateway.scanning.pyast import run_python_ast
from gateway.scanning.pyflow.categories import CATEGORIES
from gateway.scanning.pyflow.interp import Interpreter
from gateway.scanning.pyflow.report import Report
from gateway.scanning.pyflow.values import STRONG

_log = logging.getLogger(__name__)
CLEARED_RULE = "pyflow.cleared"
MAX_CODE_CHARS = 200_000  # beyond this the snippet is not analysed (semgrep and Bandit still run)


def analyze(code: str, tree: ast.Module | None = None) -> Report:
    """The dataflow report for one module's source (or its parse, when the engine shares one);
    an empty report when it does not parse. The tree is only read, never changed."""
    if len(code) > MAX_CODE_CHARS:
        return Report()
    if tree is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return Report()
    interpreter = Interpreter(tree)
    try:
        return interpreter.run()
    except RecursionError:  # deeper than the interpreter's own limits expect: report nothing
        return Report()
    except Exception as exc:  # an analyzer bug: semgrep and Bandit still scan; keep what was found
        _log.warning("pyflow analysis stopped: %s", type(exc).__name__)
        return interpreter.report


def findings_of(report: Report) -> list[Finding]:
    out = []
    for (name, line), (level, col) in sorted(report.hits.items(), key=lambda item: (item[0][1], item[0][0])):
        category = CATEGORIES[name]
        sure = level >= STRONG
        severity = category.severity if sure else min(category.severity, Severity.MEDIUM)
        out.append(Finding(
            scanner="pyflow",
            rule_id=category.rule_id,
            severity=severity,
            message=f"{category.what} ({'on a path followed exactly' if sure else 'through a call not analysed'})",
            start_line=line,
            end_line=line,
            start_col=col,
            confidence="high" if sure else "medium",
            cwe=category.cwe,
        ))
    for name, line in sorted(report.cleared_only(), key=lambda item: (item[1], item[0])):
        category = CATEGORIES[name]
        out.append(Finding(
            scanner="pyflow",
            rule_id=CLEARED_RULE,
            severity=Severity.INFO,
            message=f"value reaching this {category.name} sink is constant or sanitized",
            start_line=line,
            end_line=line,
            confidence="high",
            cwe=category.cwe,
            extra={"category": category.name},
        ))
    return out


class PyflowScanner:
    name = "pyflow"

    def supports(self, language: str | None) -> bool:
        return language == "python"

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    async def scan(self, snippet: Snippet) -> list[Finding]:
        # The engine's shared parse where it offers one (Snippet.tree), else our own.
        tree = getattr(snippet, "tree", None)
        return await run_python_ast(len(snippet.code), _scan_sync, snippet.code, tree)


def _scan_sync(code: str, tree: ast.Module | None) -> list[Finding]:
    return findings_of(analyze(code, tree))
