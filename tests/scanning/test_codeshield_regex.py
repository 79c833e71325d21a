"""CodeShield's regex rules, loaded from the installed package as semgrep rules (real semgrep-core).

Per language, one representative regex fires on an insecure snippet and neither on the same line
commented out nor on a safe variant; CodeShield's any-rand() rule keeps medium only where the
value is a secret, any strcpy stays a low hint; and the rule prefilter never skips a regex rule
that semgrep would report.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import tempfile
import time
from functools import cache, partial
from pathlib import Path

import pytest

from gateway.scanning import ScanEngine, ScanSettings, Severity, codeshield_pack, codeshield_regex
from gateway.scanning.languages import EXTENSIONS
from gateway.scanning.semgrep_rules import SEMGREP_LANGUAGE, RulePack, find_semgrep_core
from tests.scanning.test_prefilter import CORPUS_ROOT, RULES_ROOT, _annotated_lines, _corpus_files, _rule_test_files

pytestmark = pytest.mark.skipif(codeshield_regex.regex_root() is None, reason="codeshield is not installed")

# (language, rule id, insecure line, the same line's safe variant); each is also scanned commented out.
CASES = [
    ("c", "regex.bugprone-gets", "    gets(name);", "    fgets(name, sizeof name, stdin);"),
    ("cpp", "regex.bugprone-scanf", '    scanf("%s", name);', '    scanf("%63s", name);'),
    ("java", "regex.deprecated-ecb-usage", 'Cipher c = Cipher.getInstance("AES/ECB/PKCS5Padding");',
     'Cipher c = Cipher.getInstance("AES/GCM/NoPadding");'),
    ("javascript", "regex.unencrypted-fetch-usage", "fetch('http://api.example.com/users');",
     "fetch('https://api.example.com/users');"),
    ("typescript", "regex.unencrypted-fetch-usage", "fetch('http://api.example.com/users');",
     "fetch('http://localhost:3000/users');"),
    ("php", "regex.os-command-injection", "system($_GET['cmd']);", "system(escapeshellarg($_GET['cmd']));"),
    ("ruby", "regex.RUBY-R-001", 'Open3.popen3("ls #{dir}")', 'Open3.capture2("ls", dir)'),
    ("rust", "regex.RUST-R-003", "    let v = unsafe { *ptr };", "    let v = *boxed;"),
    ("csharp", "regex.ALL-R-014.slash", 'var sid = "SK0123456789abcdef0123456789abcdef";',
     'var sid = "SK_PLACEHOLDER";'),
]  # fmt: skip

WRAP = {
    "c": "#include <stdio.h>\nvoid f(void) {\n    char name[64];\n%s\n}\n",
    "cpp": "#include <cstdio>\nvoid f() {\n    char name[64];\n%s\n}\n",
    "java": "class A {\n  void f() throws Exception {\n    %s\n  }\n}\n",
    "javascript": "async function load() {\n  %s\n}\n",
    "typescript": "async function load(): Promise<void> {\n  %s\n}\n",
    "php": "<?php\n%s\n",
    "ruby": "require 'open3'\ndef list(dir)\n  %s\nend\n",
    "rust": "fn f(ptr: *const u8, boxed: Box<u8>) -> u8 {\n%s\n    v\n}\n",
    "csharp": "class A {\n  void F() {\n    %s\n  }\n}\n",
}
COMMENT = {"php": "# %s", "ruby": "# %s", "python": "# %s"}


@cache
def _empty_rules_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="sluice-no-rules-"))


def _codeshield_only() -> ScanSettings:
    """Only CodeShield's pack (no Sluice rules to merge its findings into), semgrep alone."""
    return ScanSettings(rules_dir=_empty_rules_dir(), enabled_scanners=frozenset({"semgrep"}), max_concurrent_semgrep=1)


def _scan(samples: list[tuple[str, str]], settings: ScanSettings | None = None) -> list[dict[str, Severity]]:
    """rule id (without the pack prefix) -> severity, per sample."""

    async def run() -> list[dict[str, Severity]]:
        async with ScanEngine.from_settings(settings or _codeshield_only()) as engine:
            out = []
            for code, language in samples:
                result = await engine.scan(code, language)
                out.append({f.rule_id.removeprefix("codeshield."): f.severity for f in result.findings})
            return out

    return asyncio.run(run())


def _commented(language: str, line: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    return indent + (COMMENT.get(language, "// %s") % line.strip())


def test_each_language_fires_on_the_insecure_line_only() -> None:
    samples = []
    for language, _, insecure, safe in CASES:
        wrap = WRAP[language]
        samples += [
            (wrap % insecure, language),
            (wrap % _commented(language, insecure), language),
            (wrap % safe, language),
        ]
    results = _scan(samples)
    for i, (language, rule, _, _) in enumerate(CASES):
        found, commented, safe = results[3 * i : 3 * i + 3]
        assert rule in found, (language, found)
        assert rule not in commented, (language, "commented out", commented)
        assert rule not in safe, (language, "safe variant", safe)


def test_block_comments_and_urls_in_strings() -> None:
    code = (
        "fn f(ptr: *const u8) -> u8 {\n"
        "    /* unsafe { *ptr }\n"
        "       unsafe { *ptr } */\n"
        '    let url = "http://example.com"; let v = unsafe { *ptr };\n'
        "    v\n"
        "}\n"
    )
    (found,) = _scan([(code, "rust")])
    assert found.get("regex.RUST-R-003") == Severity.MEDIUM
    results = asyncio.run(_findings(code, "rust"))
    assert [f.start_line for f in results if f.rule_id == "codeshield.regex.RUST-R-003"] == [4]


async def _findings(code: str, language: str):  # type: ignore[no-untyped-def]
    async with ScanEngine.from_settings(_codeshield_only()) as engine:
        return (await engine.scan(code, language)).findings


def test_rust_severity_and_confidence_follow_the_decisions() -> None:
    code = (
        "use std::env;\n"
        "fn main() {\n"
        "    let first = env::args().nth(1);\n"
        "    let a = reqwest::Client::builder().danger_accept_invalid_certs(true).build();\n"
        "    let b = reqwest::Client::builder().danger_accept_invalid_certs(false).build();\n"
        "    let p = unsafe { libc::getpid() };\n"
        "}\n"
    )
    findings = {(f.rule_id, f.start_line): f for f in asyncio.run(_findings(code, "rust"))}
    args = findings[("codeshield.regex.RUST-R-005", 3)]
    assert (args.severity, args.confidence) == (Severity.LOW, "low")  # an API every program uses
    assert findings[("codeshield.regex.RUST-R-008", 4)].severity == Severity.MEDIUM
    assert ("codeshield.regex.RUST-R-008", 5) not in findings  # explicitly kept on
    unsafe = findings[("codeshield.regex.RUST-R-003", 6)]
    assert (unsafe.severity, unsafe.confidence, unsafe.cwe) == (Severity.MEDIUM, "low", "CWE-676")


def test_dropped_and_narrowed_rules() -> None:
    rules = {r["id"] for r in codeshield_regex.converted_rules(None)}
    assert "regex.missing-authorization" not in rules and "regex.hash-without-salt" not in rules
    assert "regex.ALL-R-010.slash" not in rules  # GitHub tokens: the secrets scanner's job
    java = "class A {\n  void f() throws Exception {\n    %s\n  }\n}\n"
    gcm, rsa = _scan([
        (java % 'Cipher c = Cipher.getInstance("AES/GCM/NoPadding");', "java"),
        (java % 'Cipher c = Cipher.getInstance("RSA/ECB/NoPadding");', "java"),
    ])  # fmt: skip
    assert "regex.rsa-without-oaep-padding" not in gcm
    assert "regex.rsa-without-oaep-padding" in rsa


def test_strcpy_stays_a_codeshield_hint_and_one_rule_reports_it() -> None:
    """Any strcpy is a low hint from CodeShield (once: the regex duplicate is dropped); whether the
    copy fits is for Sluice's own C rules, which report the variable source at medium or above."""
    code = "#include <string.h>\nvoid f(const char *in) {\n    char buf[16];\n    %s\n}\n"
    variable, literal = _scan([(code % "strcpy(buf, in);", "c"), (code % 'strcpy(buf, "hi");', "c")])
    assert variable.get("vulnerable-strcpy") == literal.get("vulnerable-strcpy") == Severity.LOW
    assert "regex.bugprone-strcpy" not in variable
    (full,) = _scan([(code % "strcpy(buf, in);", "c")], ScanSettings(max_concurrent_semgrep=1))
    assert any(severity >= Severity.MEDIUM for severity in full.values()), full


def test_rand_is_medium_only_where_it_makes_a_secret() -> None:
    code = "#include <stdlib.h>\nvoid f(void) {\n    unsigned char key[16];\n    int dice;\n    %s\n}\n"
    secret, game = _scan([
        (code % "for (int i = 0; i < 16; i++) key[i] = rand() % 256;", "c"),
        (code % "dice = rand() % 6 + 1;", "c"),
    ])  # fmt: skip
    assert secret.get("crypto-weak-prng-secret") == Severity.MEDIUM
    assert "crypto-weak-prng-secret" not in game
    assert game.get("crypto-weak-prng") == Severity.LOW


def test_python_is_off_by_default() -> None:
    assert "python" not in codeshield_pack.DEFAULT_LANGUAGES
    (found,) = _scan([("import hashlib\nh = hashlib.md5(data).hexdigest()\n", "python")])
    assert not [r for r in found if r.startswith("regex.")]


# --- the prefilter stays sound with the regex rules in the pack ---


@cache
def _pack() -> RulePack:
    sources = [("sluice", [RULES_ROOT]), ("codeshield", codeshield_pack.bundle_files(None))]
    return RulePack.load(
        find_semgrep_core(), sources, {"codeshield": partial(codeshield_pack.adjust_rule, languages=None)}
    )


def _semgrep_findings(targets: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    pack = _pack()
    with tempfile.TemporaryDirectory(prefix="sluice-prefilter-") as tmp:
        folder = Path(tmp)
        entries, labels = [], {}
        for i, (label, language, code) in enumerate(targets):
            path = folder / f"t{i}"
            path.write_text(code, encoding="utf-8")
            labels[str(path)] = label
            target = {"path": {"fpath": str(path), "ppath": f"/t{i}{EXTENSIONS.get(language, '')}"}}
            entries.append(["CodeTarget", {**target, "analyzer": SEMGREP_LANGUAGE[language], "products": ["sast"]}])
        (folder / "targets.json").write_text(json.dumps(["Targets", entries]))
        regex_rules = [r.body for r in pack.rules.values() if r.pack == "codeshield"]
        (folder / "rules.json").write_text('{"rules": [' + ",".join(regex_rules) + "]}")
        args = ["-rules", str(folder / "rules.json"), "-targets", str(folder / "targets.json"), "-json"]
        proc = subprocess.run(
            [str(find_semgrep_core()), *args, "-disable_rule_paths", "-timeout", "30"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
    line = next(ln for ln in reversed(proc.stdout.splitlines()) if ln.startswith("{"))
    found: dict[str, set[str]] = {}
    for result in json.loads(line)["results"]:
        found.setdefault(labels[result["path"]], set()).add(result["check_id"])
    return found


def test_the_prefilter_never_skips_a_codeshield_rule_semgrep_reports() -> None:
    targets = [(str(p.relative_to(RULES_ROOT)), lang, p.read_text(encoding="utf-8")) for lang, p in _rule_test_files()]
    targets += [(str(p.relative_to(CORPUS_ROOT)), lang, p.read_text(encoding="utf-8")) for lang, p in _corpus_files()]
    targets += [(f"line:{label}", lang, code) for (label, lang, code), _ in _annotated_lines()]
    targets += [
        (f"case:{lang}:{n}", lang, WRAP[lang] % line)
        for lang, _, insecure, safe in CASES
        for n, line in enumerate((insecure, safe))
    ]
    targets = [t for t in targets if t[1] in SEMGREP_LANGUAGE]  # corpus folders named otherwise
    found = _semgrep_findings(targets)
    by_label = {label: (language, code) for label, language, code in targets}
    regex_hits = sum(1 for ids in found.values() for r in ids if ".regex." in r)
    assert regex_hits > 40  # the check below is not vacuous
    problems = []
    for label, rule_ids in found.items():
        language, code = by_label[label]
        kept = {r.id for r in _pack().candidates(language, code)}
        problems.extend(f"{label}: semgrep reports {r} but the prefilter skipped it" for r in rule_ids - kept)
    assert not problems


def test_the_generated_rules_file_is_private_and_loads_nothing_when_off() -> None:
    path = codeshield_regex.rules_file(frozenset({"rust"}))
    assert path is not None and path.parent.stat().st_mode & 0o777 == 0o700  # no other user swaps rules in
    assert all(r["languages"] == ["rust"] for r in json.loads(path.read_text())["rules"])
    assert codeshield_pack.bundle_files(frozenset()) == []  # codeshield_languages = {} turns it all off


def _hostile_line(regex: str) -> str:
    """One long line that starts a match of `regex` again and again without finishing one."""
    lead = re.match(r"(?:\\b)?((?:\\.|[A-Za-z0-9_:])+)", regex)
    prefix = re.sub(r"\\(.)", r"\1", lead.group(1)) if lead else "x"
    return (prefix + '(" a, b,' + " " * 3) * 1500 + "y" * 5000


GENERIC_HOSTILE = ['scanf("' * 3000, "a" * 30000, "a(" * 15000, "x = " * 7000, "$_GET['a'] " * 3000]


def test_no_codeshield_rule_can_stall_the_prefilter_on_a_hostile_line() -> None:
    """The rule prefilter runs semgrep-core's regex predicates with Python's backtracking `re` on
    the event loop: unbounded gaps took 2-3 s (Runtime.exec), 22 s (setcookie) and 5.8 s (the C
    bundle's `.*(snprintf).*`) on one such line."""
    rules = [r for r in _pack().rules.values() if r.pack == "codeshield"]
    assert sum(".regex." in r.id for r in rules) > 60
    slow = []
    for rule in rules:
        lines = list(GENERIC_HOSTILE)
        if ".regex." in rule.id:
            lines.append(_hostile_line(json.loads(rule.body)["patterns"][0]["pattern-regex"]))
        for line in lines:
            began = time.perf_counter()
            rule.prefilter(line)
            if (took := time.perf_counter() - began) > 1.0:  # 2-22 s before; a loaded CI box is slow
                slow.append((rule.id, line[:12], round(took, 2)))
    assert not slow
