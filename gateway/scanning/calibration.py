"""After the scanners: calibrate severities we know to be noisy and merge duplicate findings.

Two jobs, both pure functions of the findings and the scanned code:

* **Calibration.** Bandit flags patterns, not data flow. Its own LOW-confidence results, hard-coded
  "passwords" whose value is a placeholder (`'YOUR_SECRET_KEY'`, `'changeme'`, `'<password>'`), any
  string mentioning `/tmp` (B108), requests without a timeout (B113, an availability lint), binding
  all interfaces (B104), importing `Crypto` (B413: pycryptodome too) and XML parsers reading a literal
  document or file name are
  capped at severity `low` and confidence `low`, so they annotate instead of repairing or blocking.
  So are Bandit's API-wide tests that a constant-aware Sluice rule re-judges (B608, B307, B102, B310,
  B506, B602, B605, B301, B302): where the data is not constant (or unguarded) the Sluice rule
  reports it; where it is, there is nothing. Three more are re-judged from the flagged line: B402 on
  an import of `FTP_TLS` alone (the encrypted client), B601 on a paramiko `exec_command` given a
  constant or its enclosing function's own parameter unchanged (a quoted or spliced command stays),
  and B103 on a file mode that is neither group- nor world-writable (`0o750`, `0o755`; Bandit also
  flags group-execute).
* **CWE numbering.** Bandit files some tests under a neighbouring CWE (MD5/SHA-1 under CWE-327
  "broken crypto", `eval`/`exec` under CWE-78, Jinja2 `autoescape=False` under CWE-94, `yaml.load`
  and the XML parsers under CWE-20). Evaluators score a finding by its CWE, and our own rules use
  the standard numbers for those weaknesses (CWE-328 weak hash, CWE-95 eval injection, CWE-79 XSS,
  CWE-502, CWE-611), so Bandit's are renumbered to match: one weakness, one CWE, whichever engine
  saw it (and merging below then sees one family). Flask's `debug=True` (B201) keeps CWE-94: the
  debugger runs code, and policies block on that CWE.
* **Cleared by dataflow.** Where pyflow (gateway/scanning/pyflow) analysed the enclosing function
  and proved the value reaching a sink constant or sanitized for that sink's category, it leaves a
  `pyflow.cleared` marker on the line. semgrep and Bandit findings of the same CWE family on that
  line are then capped at low (kept for the audit, `extra["cleared_by"] = "pyflow"`), unless pyflow
  itself reports that family there (another path does carry request data). The markers are removed.
* **Merging.** Several engines often report one weakness on one line (semgrep's SQL rule and
  Bandit's B608). Findings on the same block, line and CWE family become one: the most severe
  (then the most confident) is kept and names the others in `extra["also"]`. Where pyflow is one
  of them, the kept finding carries pyflow's CWE: the standard number evaluators score for the
  category (CWE-94 for eval, where semgrep and Bandit say CWE-95).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable

from gateway.scanning.findings import PARSE_ERROR, SCAN_INCOMPLETE, Finding, Severity
from gateway.scanning.pyflow.scanner import CLEARED_RULE as PYFLOW_CLEARED

# CWEs that name one weakness at different levels of MITRE's hierarchy.
CWE_FAMILIES: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"CWE-77", "CWE-78", "CWE-88"},
        # 1336: template injection, 917: expression language injection (SpEL, EL, OGNL): code injection
        {"CWE-94", "CWE-95", "CWE-96", "CWE-1336", "CWE-917"},
        # broken algorithms, weak hashes, short keys, unsalted password hashes, predictable IVs
        {"CWE-326", "CWE-327", "CWE-328", "CWE-916", "CWE-759", "CWE-760", "CWE-329", "CWE-1204"},
        {"CWE-22", "CWE-23", "CWE-36", "CWE-73", "CWE-98"},  # 98: a file included by name (PHP)
        {"CWE-79", "CWE-80", "CWE-81", "CWE-82", "CWE-83", "CWE-84", "CWE-85", "CWE-87"},  # Juliet labels 81
        {"CWE-89", "CWE-564"},
        {"CWE-798", "CWE-259", "CWE-321"},
        {"CWE-330", "CWE-338", "CWE-331", "CWE-335", "CWE-336", "CWE-337"},
        {"CWE-295", "CWE-297"},
        {"CWE-345", "CWE-347"},  # a signature not verified is data whose authenticity is not verified
        {"CWE-611", "CWE-776", "CWE-827"},
        {"CWE-377", "CWE-378", "CWE-379"},
        # ReDoS and regex injection: CWE-730 is the (older) OWASP category evaluators still label it with
        # 185: a regex built from input; 409: a decompression bomb, uncontrolled resource consumption too
        {"CWE-1333", "CWE-400", "CWE-1176", "CWE-730", "CWE-185", "CWE-409"},
        {"CWE-643", "CWE-91"},
        {"CWE-113", "CWE-93", "CWE-117"},  # CRLF into headers or log lines
        {"CWE-489", "CWE-215"},
        {"CWE-732", "CWE-276", "CWE-281"},
        {"CWE-614", "CWE-1004", "CWE-1275"},  # cookie attributes (Secure, HttpOnly, SameSite)
        {"CWE-915", "CWE-1321"},  # mass assignment; prototype pollution is its JavaScript form
        {"CWE-942", "CWE-346"},  # CORS allowing any origin
        {"CWE-190", "CWE-680"},  # integer overflow, and the buffer overflow it sizes
        {"CWE-676", "CWE-242"},  # dangerous functions (gets, strcpy by name)
    )
)
_FAMILY_OF: dict[str, frozenset[str]] = {cwe: group for group in CWE_FAMILIES for cwe in group}


def cwe_family(cwe: str | None) -> frozenset[str]:
    """The CWE and its siblings (itself alone when it belongs to no family)."""
    if not cwe:
        return frozenset()
    return _FAMILY_OF.get(cwe, frozenset({cwe}))


# Values that stand for a secret to be filled in, not a secret (mirrors python.placeholder-credential).
PLACEHOLDER = re.compile(
    r"^(|[A-Z0-9_]*(?:KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD)[A-Z0-9_]*"
    r"|(?i:change[-_ ]?me.*|(your|insert|put|replace|enter)[-_ ].*"
    r"|.*(placeholder|example|dummy|replace[-_ ]?me|change[-_ ]?this|goes[-_ ]here|todo|xxx).*"
    r"|<.*>|\$\{.*\}|%\(.*|x+|\*+|test|secret|password|none|null|\.\.\.))$"
)
_STRING = re.compile(r"""(?:[rbuRBU]{0,2})(['"])(.*?)(?<!\\)\1""")
_HARDCODED_PASSWORD_TESTS = frozenset({"bandit.B105", "bandit.B106", "bandit.B107"})
# Bandit tests that are lints rather than findings of a weakness: never above low.
# B104 (binding 0.0.0.0) is how every container serves; the exposure is the deployment's to decide.
# B413 (import of pycrypto) also fires on pycryptodome, the maintained library with the same `Crypto`
# package; the weak ciphers and modes themselves are python.weak-cipher's findings.
_BANDIT_LOW = frozenset({"bandit.B108", "bandit.B113", "bandit.B104", "bandit.B413"})
# Bandit tests that flag an API whatever reaches it, where a constant-aware Sluice rule judges the
# same call: string-built SQL (python.sql-string-built), eval/exec (python.code-injection-eval),
# urlopen's schemes (python.ssrf), yaml.load (python.yaml-unsafe-load), a shell running a non-constant
# string (python.command-injection-shell, which knows shlex.quote and allow-list guards), the pickle
# family and marshal (python.insecure-deserialization: constant payloads, HMAC-verified data). Bandit
# alone on such a line means the input was a constant (`eval("1 + 2")`, `"SELECT 1" + "3"`): a note, not a finding.
_BANDIT_COVERED = frozenset(
    {
        *("bandit.B608", "bandit.B307", "bandit.B102", "bandit.B310", "bandit.B506"),
        *("bandit.B602", "bandit.B605"),  # shell commands
        *("bandit.B301", "bandit.B302"),  # pickle & co., marshal
        "bandit.B202",  # tarfile.extractall (python.tarfile-extract-traversal knows filter= and member checks)
    }
)
_RANK = {"low": 0, "medium": 1, "high": 2}
# Bandit's XML tests flag the parser call whatever it parses; a document or file the code names itself
# (ET.parse("config.xml"), fromstring("<a/>")) is not outside input.
_BANDIT_XML = frozenset(f"bandit.B{n}" for n in range(313, 321))
_CONSTANT_XML_CALL = re.compile(r"\b(?:parse|fromstring|XML|iterparse|parseString|XMLID)\(\s*[rbuRBU]{0,2}['\"]")
# Bandit tests whose CWE differs from the standard one for the weakness they report.
_BANDIT_CWE: dict[str, str] = {
    "bandit.B303": "CWE-328",  # md5 / sha1
    "bandit.B324": "CWE-328",  # hashlib md4 / md5 / sha1 for security
    "bandit.B307": "CWE-95",  # eval
    "bandit.B102": "CWE-95",  # exec
    "bandit.B701": "CWE-79",  # jinja2 autoescape=False
    "bandit.B702": "CWE-79",  # mako templates (no escaping)
    "bandit.B506": "CWE-502",  # yaml.load
    **{f"bandit.B{n}": "CWE-611" for n in range(313, 321)},  # XML parsers (external entities)
}


# B402 flags any ftplib import; FTP_TLS is the encrypted client, so an import of nothing else is no finding.
_FTPLIB_FROM_IMPORT = re.compile(r"^\s*from\s+ftplib\s+import\s+\(?([\w\s,]+?)\)?\s*(?:#.*)?$")
# B103 flags group-execute (0o750) as well as writable modes; only a group- or world-writable one
# (mode & 0o022) lets another account change the file. A mode we cannot read (a variable, a decimal)
# keeps Bandit's judgement.
_OCTAL_MODE = re.compile(r"\b0[oO]?([0-7]{3,7})\b")
_WORLD_WRITABLE_NAMES = re.compile(r"\bS_I(?:WOTH|RWXO|WGRP|RWXG)\b")
_STAT_MODE_NAMES = re.compile(r"\bS_I(?:RWX|[RWX](?:USR|GRP|OTH))")


def _ftp_tls_only(line: str) -> str | None:
    match = _FTPLIB_FROM_IMPORT.match(line)
    if not match:
        return None
    names = [part.split()[0] for part in match.group(1).split(",") if part.strip()]
    return "FTP_TLS is the encrypted client" if names and all(n == "FTP_TLS" for n in names) else None


def _not_world_writable(line: str) -> str | None:
    if _WORLD_WRITABLE_NAMES.search(line):
        return None
    modes = [int(m, 8) for m in _OCTAL_MODE.findall(line)]
    if any(mode & 0o022 for mode in modes):
        return None
    return "not group- or world-writable" if modes or _STAT_MODE_NAMES.search(line) else None


def passed_through_command(code: str, line: int) -> bool:
    """B601: the `exec_command` on this line runs a constant or a parameter of its function unchanged.

    Running a command is the API's purpose: a helper handed its command by the caller (the caller is
    where data would be spliced in, and is judged there) or a fixed one is not injection. A command
    spliced on the spot (f-string, `+`, `%`, `.format`) or a name from elsewhere keeps Bandit's medium.
    Code that does not parse keeps it too.
    """
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    for fn in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]:
        params = set() if isinstance(fn, ast.Module) else {
            a.arg for a in (*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs)}
        for node in ast.walk(fn):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "exec_command" and node.lineno == line):
                continue
            command = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "command"), None)
            if isinstance(command, ast.Constant) and isinstance(command.value, str | bytes):
                return True
            if isinstance(command, ast.Name) and command.id in params and not _reassigned(fn, command.id):
                return True
    return False


def _reassigned(fn: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(fn))


# Bandit tests judged again from the flagged line: the reason to cap, or None to keep the finding.
_BANDIT_BY_LINE = {
    "bandit.B402": _ftp_tls_only,
    "bandit.B103": _not_world_writable,
}


def _capped(finding: Finding, reason: str) -> Finding:
    severity = min(finding.severity, Severity.LOW)
    return finding.moved(severity=severity, confidence="low", extra={**finding.extra, "calibrated": reason})


def _only_placeholders(line: str) -> bool:
    values = [m.group(2) for m in _STRING.finditer(line)]
    return bool(values) and all(PLACEHOLDER.match(v) for v in values)


def calibrate(findings: Iterable[Finding], code: str) -> list[Finding]:
    lines = code.splitlines()
    findings = list(findings)
    cleared = _cleared_by_dataflow(findings)
    out = []
    for f in findings:
        if f.rule_id == PYFLOW_CLEARED:
            continue
        if f.scanner == "bandit" and f.rule_id not in {PARSE_ERROR, SCAN_INCOMPLETE}:
            if f.rule_id in _BANDIT_CWE:
                f = f.moved(cwe=_BANDIT_CWE[f.rule_id])
            if f.rule_id in _BANDIT_LOW:
                f = _capped(f, "lint")
            elif f.rule_id in _BANDIT_COVERED:
                f = _capped(f, "covered by a constant-aware rule")
            elif f.rule_id in _BANDIT_XML and 0 < f.start_line <= len(lines):
                if _CONSTANT_XML_CALL.search(lines[f.start_line - 1]):
                    f = _capped(f, "constant document")
            elif f.rule_id == "bandit.B601":
                if passed_through_command(code, f.start_line):
                    f = _capped(f, "command constant or the caller's")
            elif f.rule_id in _BANDIT_BY_LINE and 0 < f.start_line <= len(lines):
                reason = _BANDIT_BY_LINE[f.rule_id](lines[f.start_line - 1])
                if reason:
                    f = _capped(f, reason)
            elif f.rule_id in _HARDCODED_PASSWORD_TESTS and 0 < f.start_line <= len(lines):
                if _only_placeholders(lines[f.start_line - 1]):
                    f = _capped(f, "placeholder")
            elif f.confidence == "low":
                f = _capped(f, "low confidence")
        if cleared and f.scanner in _CLEARABLE and (f.start_line, cwe_family(f.cwe)) in cleared:
            f = _capped(f, "cleared by dataflow")
            f = f.moved(extra={**f.extra, "cleared_by": "pyflow"})
        out.append(f)
    return out


# Engines that flag patterns, whose findings pyflow's proof that the data is clean overrides.
_CLEARABLE = frozenset({"semgrep", "bandit"})


def _cleared_by_dataflow(findings: list[Finding]) -> set[tuple[int, frozenset[str]]]:
    """(line, CWE family) pairs pyflow proved clean and did not report on any path."""
    cleared = {(f.start_line, cwe_family(f.cwe)) for f in findings if f.rule_id == PYFLOW_CLEARED and f.cwe}
    if not cleared:
        return cleared
    reported = {
        (f.start_line, cwe_family(f.cwe)) for f in findings if f.scanner == "pyflow" and f.rule_id != PYFLOW_CLEARED
    }
    return cleared - reported


def merge_across_engines(findings: list[Finding]) -> list[Finding]:
    """One finding per (block, line, CWE family) across engines; the strongest is kept.

    Engines are the scanners, and within semgrep each rule pack (Sluice's, CodeShield's).
    """
    kept: list[Finding] = []
    index: dict[tuple[int | None, int, frozenset[str]], int] = {}
    for f in findings:
        family = cwe_family(f.cwe)
        if not family or f.rule_id in {PARSE_ERROR, SCAN_INCOMPLETE}:
            kept.append(f)
            continue
        key = (f.block_index, f.start_line, family)
        at = index.get(key)
        if at is None:
            index[key] = len(kept)
            kept.append(f)
            continue
        other = kept[at]
        if _engine(other) == _engine(f):  # one engine's own overlaps are its business
            kept.append(f)
            continue
        strongest, weaker = (f, other) if _strength(f) > _strength(other) else (other, f)
        also = [*strongest.extra.get("also", []), weaker.rule_id, *weaker.extra.get("also", [])]
        cwe = weaker.cwe if weaker.scanner == "pyflow" else strongest.cwe  # pyflow's is the standard number
        kept[at] = strongest.moved(cwe=cwe, extra={**strongest.extra, "also": also})
    return kept


def _engine(f: Finding) -> tuple[str, object]:
    """A scanner, or one rule pack within semgrep (CodeShield's pack repeats our rules' findings)."""
    return (f.scanner, f.extra.get("pack"))


def _strength(f: Finding) -> tuple[int, int, int]:
    # Ties go to semgrep, whose rules carry remediation text.
    return (f.severity.rank, _RANK.get(f.confidence, 1), f.scanner == "semgrep")
