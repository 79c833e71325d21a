"""CWEs as evaluators score them: whichever engine sees a weakness, the finding carries the standard CWE.

Real scans (semgrep, Bandit, secrets through the ScanEngine) of small Flask handlers, each with a safe
look-alike: a finding only counts for the weakness class an evaluator expects when its CWE matches.
"""

from __future__ import annotations

import asyncio

from gateway.scanning import Finding, ScanEngine, ScanSettings
from tests.support.flagging import flagged


def _scan(code: str) -> list[Finding]:
    async def run() -> list[Finding]:
        settings = ScanSettings(enabled_scanners=frozenset({"semgrep", "bandit", "secrets"}))
        async with ScanEngine.from_settings(settings) as engine:
            return list((await engine.scan(code, "python")).findings)

    return flagged(asyncio.run(run()))


def _cwes_by_line(findings: list[Finding]) -> dict[int, set[str | None]]:
    out: dict[int, set[str | None]] = {}
    for f in findings:
        out.setdefault(f.start_line, set()).add(f.cwe)
    return out


WEAK_HASH = """\
import hashlib
from flask import Flask, request
app = Flask(__name__)

@app.route("/hash")
def digest():
    data = request.args.get("data", "")
    hasher = hashlib.new("md5")
    hasher.update(data.encode())
    other = hashlib.sha1(data.encode()).hexdigest()
    return "<p>" + hasher.hexdigest() + other + "</p>"
"""

STRONG_HASH = WEAK_HASH.replace('hashlib.new("md5")', 'hashlib.new("sha256")').replace("hashlib.sha1", "hashlib.sha512")


def test_weak_hash_is_reported_as_cwe_328_and_a_digest_in_html_is_not_xss():
    by_line = _cwes_by_line(_scan(WEAK_HASH))
    # Bandit's B324 alone would say CWE-327 (broken cipher); the weakness is a weak hash.
    assert by_line.get(8) == {"CWE-328"} and by_line.get(10) == {"CWE-328"}, by_line
    # A hex digest carries no markup: echoing it is not reflected XSS.
    assert 11 not in by_line, by_line


def test_strong_hash_look_alike_has_no_finding():
    assert _scan(STRONG_HASH) == []


WEAK_RANDOM = """\
import random
import secrets
from flask import Flask, make_response, session
app = Flask(__name__)

@app.route("/remember")
def remember():
    value = random.random()
    remember_me_key = str(value)[2:]
    resp = make_response("ok")
    resp.set_cookie("rememberMe", remember_me_key, secure=True, httponly=True)
    session["rememberMe"] = remember_me_key
    return resp
"""

SAFE_RANDOM = WEAK_RANDOM.replace("value = random.random()", "value = secrets.randbelow(10**16)")


def test_random_remember_me_key_in_a_cookie_and_session_is_cwe_330():
    by_line = _cwes_by_line(_scan(WEAK_RANDOM))
    assert by_line.get(11) == {"CWE-330"} and by_line.get(12) == {"CWE-330"}, by_line


def test_secrets_remember_me_key_is_not_reported():
    assert _scan(SAFE_RANDOM) == []


def test_bandit_eval_and_autoescape_findings_use_the_standard_cwes():
    code = """\
import jinja2
from flask import Flask, request
app = Flask(__name__)

@app.route("/calc")
def calc():
    expr = request.args.get("expr", "")
    env = jinja2.Environment(autoescape=False)
    return str(eval(expr)) + env.from_string("x").render()
"""
    findings = _scan(code)
    cwes = {f.rule_id: f.cwe for f in findings}
    assert cwes.get("bandit.B701") == "CWE-79", cwes
    assert "CWE-78" not in {f.cwe for f in findings if f.start_line == 9}, cwes
