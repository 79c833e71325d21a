"""Bandit, in-process, for Python.

Bandit's only stable interface is its CLI (~150 ms a file); its manager runs in ~1 ms.
We use `BanditManager._parse_file` on an in-memory buffer, so the version range is checked at
start and covered by tests: an unknown Bandit makes the scanner report `scan_incomplete`.
"""

from __future__ import annotations

import ast
import copy
import io
import logging
import warnings
from typing import Any

from gateway.scanning.bandit_prefilter import BanditPrefilter
from gateway.scanning.base import ScannerError, Snippet
from gateway.scanning.findings import PARSE_ERROR, Finding, Severity, scrub_secrets
from gateway.scanning.pyast import run_python_ast

SUPPORTED_BANDIT = ((1, 7), (1, 9))  # inclusive major.minor range tested with this code
DEFAULT_SKIPS = frozenset({"B101"})  # assert statements: noise in generated snippets
# Hard-coded password tests: their message quotes the password itself ("...: 'hunter2'").
_QUOTES_THE_SECRET = frozenset({"B105", "B106", "B107"})

_log = logging.getLogger(__name__)
# Every field BanditManager.__init__ sets (bandit 1.7-1.9): the shared ones and those reset per snippet.
_MANAGER_FIELDS = frozenset({
    "debug", "verbose", "quiet", "ignore_nosec", "b_conf", "agg_type", "b_ts",  # shared, read-only
    "files_list", "excluded_files", "b_ma", "skipped", "results", "baseline", "metrics", "scores",  # per snippet
})  # fmt: skip


def _bandit_version() -> tuple[int, int]:
    import bandit

    major, minor = (int(x) for x in str(bandit.__version__).split(".")[:2])
    return major, minor


class BanditScanner:
    name = "bandit"

    def __init__(self, skips: frozenset[str] = DEFAULT_SKIPS, *, prefilter: bool = True) -> None:
        self._skips = skips
        self._use_prefilter = prefilter
        self._config: Any = None
        self._template: Any = None  # a manager whose test set is built once (see _manager)
        self._broken: str | None = None
        self._prefilter: BanditPrefilter | None = None  # None: every snippet goes to Bandit

    def supports(self, language: str | None) -> bool:
        return language == "python"

    async def start(self) -> None:
        try:
            with warnings.catch_warnings():  # stevedore deprecation noise while bandit loads plugins
                warnings.simplefilter("ignore", DeprecationWarning)
                from bandit.core import config as b_config
                from bandit.core import manager as b_manager

            version = _bandit_version()
            if not (SUPPORTED_BANDIT[0] <= version <= SUPPORTED_BANDIT[1]) or not hasattr(
                b_manager.BanditManager, "_parse_file"
            ):
                self._broken = f"bandit {version} is outside the tested range {SUPPORTED_BANDIT}"
                return
            self._config = b_config.BanditConfig()
            template = self._new_manager()
            if set(vars(template)) == _MANAGER_FIELDS:  # the state _manager resets is all there is
                self._template = template
            self._prefilter = self._build_prefilter(template) if self._use_prefilter else None
        except Exception as exc:  # broken install: report, never crash the engine
            self._broken = f"bandit unavailable: {exc!r}"
        # Bandit warns about module names for every in-memory file; nothing actionable for us.
        logging.getLogger("bandit").setLevel(logging.ERROR)

    async def aclose(self) -> None:
        return None

    async def scan(self, snippet: Snippet) -> list[Finding]:
        if self._broken is not None:
            raise ScannerError(self._broken)
        if self._config is None:
            raise ScannerError("bandit scanner not started")
        return await run_python_ast(len(snippet.code), self._scan_sync, snippet.code, snippet.tree)

    @staticmethod
    def _build_prefilter(manager: Any) -> BanditPrefilter | None:
        try:
            return BanditPrefilter.from_test_set(manager.b_ts)
        except Exception:  # a test set shaped differently: scan everything, as before
            _log.warning("bandit prefilter unavailable; every Python snippet goes to Bandit", exc_info=True)
            return None

    def _new_manager(self) -> Any:
        from bandit.core import manager as b_manager

        # ignore_nosec: generated code must not be able to switch its own scan off with "# nosec".
        return b_manager.BanditManager(self._config, "file", profile={"exclude": set(self._skips)}, ignore_nosec=True)

    def _manager(self) -> Any:
        """A fresh manager for one snippet, sharing the template's test set.

        Building Bandit's test set (loading and filtering every plugin) was a sixth of a short
        snippet's Bandit time; the set is read-only during a scan. Every other field the manager
        keeps per run is made new here, and a Bandit with fields not listed gets a new manager.
        """
        if self._template is None:
            return self._new_manager()
        from bandit.core import meta_ast, metrics

        mgr = copy.copy(self._template)
        mgr.files_list, mgr.excluded_files, mgr.skipped, mgr.results, mgr.baseline, mgr.scores = [], [], [], [], [], []
        mgr.b_ma = meta_ast.BanditMetaAst()
        mgr.metrics = metrics.Metrics()
        return mgr

    def _scan_sync(self, code: str, tree: ast.Module | None = None) -> list[Finding]:
        """Bandit's findings on `code`; `tree` is its parse when the caller has one."""
        if self._prefilter is not None and not self._prefilter.may_report(code, tree):
            return []  # no loaded test can report anything here (bandit_prefilter.py)
        mgr = self._manager()
        name = "snippet.py"
        mgr._parse_file(name, io.BytesIO(code.encode("utf-8")), [name])
        if mgr.skipped:
            return [self._parse_error(code)]
        return [self._finding(issue, code) for issue in mgr.get_issue_list()]

    def _finding(self, issue: Any, code: str) -> Finding:
        lines = issue.linerange or [issue.lineno]
        cwe_id = getattr(issue.cwe, "id", 0)
        message = str(issue.text)
        if issue.test_id in _QUOTES_THE_SECRET:
            message = message.split(":", 1)[0] + " (value withheld)"
        return Finding(
            scanner=self.name,
            rule_id=f"bandit.{issue.test_id}",
            severity=Severity.parse(issue.severity, default=Severity.MEDIUM),
            confidence=str(issue.confidence).lower(),
            cwe=f"CWE-{cwe_id}" if cwe_id else None,
            message=scrub_secrets(message, code),
            start_line=int(issue.lineno),
            end_line=int(max(lines)),
            start_col=int(issue.col_offset) + 1,
            end_col=int(issue.end_col_offset) + 1 if issue.end_col_offset else None,
            extra={"test": issue.test},
        )

    def _parse_error(self, code: str) -> Finding:
        line, detail = 1, "syntax error"
        try:
            ast.parse(code)
        except SyntaxError as exc:
            line, detail = exc.lineno or 1, exc.msg
        except (ValueError, RecursionError) as exc:
            detail = str(exc)
        return Finding(
            self.name,
            PARSE_ERROR,
            Severity.INFO,
            f"Python code does not parse: {detail}",
            line,
            line,
            confidence="high",
        )
