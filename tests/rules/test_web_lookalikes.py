"""LLM-style JavaScript, TypeScript and PHP snippets, each weakness with a safe look-alike, through the real ScanEngine.

Semgrep (Sluice's packs, CodeShield's bundles as shipped) and the secrets scanner run on every snippet, as
the gateway runs them. A vulnerable snippet must carry a medium-or-worse finding with the expected CWE (or
one of its family); a safe look-alike must carry none. PHP arrives without `<?php`, as generated answers do.
With the packs as they were before this round of issue-14 rules (policies/rules/semgrep/{javascript,typescript,
php}), 13 of the 15 vulnerable snippets drew no finding and 3 of the 10 safe ones (PHP SQL made safe by an
earlier intval/escape, $wpdb->prepare) drew one; the safe ones guard the new rules' precision.
"""

from __future__ import annotations

import asyncio

import pytest

from gateway.scanning import Finding, ScanEngine, ScanSettings
from gateway.scanning.calibration import cwe_family
from tests.support.flagging import flagged

# name -> (language, expected CWE, code)
VULNERABLE: dict[str, tuple[str, str, str]] = {
    "js-prototype-pollution-by-key": (
        "javascript",
        "CWE-1321",
        "app.post('/set', (req, res) => {\n  const cfg = {};\n  cfg[req.body.key] = req.body.value;\n"
        "  res.json(cfg);\n});\n",
    ),
    "js-request-body-merged": (
        "javascript",
        "CWE-915",
        "app.post('/settings', (req, res) => {\n  Object.assign(settings, req.body);\n  res.json(settings);\n});\n",
    ),
    "js-spawn-with-shell": (
        "javascript",
        "CWE-78",
        "const { spawn } = require('child_process');\nfunction run(cmd) {\n  return spawn(cmd, { shell: true });\n}\n",
    ),
    "js-vm2-run": (
        "javascript",
        "CWE-94",
        "const { VM } = require('vm2');\nfunction run(code) {\n  return new VM({ timeout: 1000 }).run(code);\n}\n",
    ),
    "js-screenshot-any-url": (
        "javascript",
        "CWE-918",
        "app.get('/shot', async (req, res) => {\n  const browser = await puppeteer.launch();\n"
        "  const page = await browser.newPage();\n  await page.goto(req.query.url);\n"
        "  res.send(await page.screenshot());\n});\n",
    ),
    "js-dom-xss-from-hash": (
        "javascript",
        "CWE-79",
        "function showTab() {\n  const tab = location.hash.substring(1);\n"
        "  $('#title').html('<b>' + tab + '</b>');\n}\n",
    ),
    "ts-cors-origin-echoed": (
        "typescript",
        "CWE-346",
        "app.use((req: Request, res: Response, next: NextFunction) => {\n"
        "  res.setHeader('Access-Control-Allow-Origin', req.headers.origin as string);\n"
        "  res.setHeader('Access-Control-Allow-Credentials', 'true');\n  next();\n});\n",
    ),
    "ts-path-joined-from-request": (
        "typescript",
        "CWE-22",
        "app.get('/files', (req: Request, res: Response) => {\n"
        "  const file = path.join('/srv/files', req.query.name as string);\n  extractFile(file);\n"
        "  res.send('ok');\n});\n",
    ),
    "ts-pseudo-random-token": (
        "typescript",
        "CWE-338",
        "export function resetToken(): string {\n  return crypto.pseudoRandomBytes(16).toString('hex');\n}\n",
    ),
    "php-laravel-order-by-request": (
        "php",
        "CWE-89",
        "public function index(Request $request)\n{\n    $sort = $request->input('sort');\n"
        "    return DB::table('users')->orderBy($sort)->get();\n}\n",
    ),
    "php-laravel-raw-concat": (
        "php",
        "CWE-89",
        '$users = User::whereRaw("email = \'" . $request->email . "\'")->get();\n',
    ),
    "php-session-id-from-request": ("php", "CWE-384", "session_id($_GET['sid']);\nsession_start();\n"),
    "php-mail-header-from-form": (
        "php",
        "CWE-93",
        "mail('support@example.com', $_POST['subject'], $_POST['message'], 'From: ' . $_POST['email']);\n",
    ),
    "php-variable-variables": ("php", "CWE-914", "foreach ($_POST as $key => $value) {\n    $$key = $value;\n}\n"),
    "php-anonymous-ldap-bind": (
        "php",
        "CWE-287",
        "$conn = ldap_connect('ldap://ldap.example.com');\n$bound = ldap_bind($conn);\n",
    ),
}

SAFE: dict[str, tuple[str, str]] = {
    "js-prototype-key-with-prefix": (
        "javascript",
        "app.post('/set', (req, res) => {\n  const cfg = {};\n  cfg['opt_' + req.body.key] = req.body.value;\n"
        "  res.json(cfg);\n});\n",
    ),
    "js-chosen-fields-merged": (
        "javascript",
        "app.post('/settings', (req, res) => {\n  const { theme, locale } = req.body;\n"
        "  Object.assign(settings, { theme, locale });\n  res.json(settings);\n});\n",
    ),
    "js-dom-text-from-hash": (
        "javascript",
        "function showTab() {\n  const tab = location.hash.substring(1);\n  $('#title').text(tab);\n}\n",
    ),
    "ts-cors-allow-list": (
        "typescript",
        "const ALLOWED = ['https://app.example.com'];\n"
        "app.use((req: Request, res: Response, next: NextFunction) => {\n"
        "  const origin = req.headers.origin as string;\n"
        "  if (ALLOWED.includes(origin)) {\n    res.setHeader('Access-Control-Allow-Origin', origin);\n  }\n"
        "  next();\n});\n",
    ),
    "ts-path-basename": (
        "typescript",
        "app.get('/files', (req: Request, res: Response) => {\n"
        "  const file = path.join('/srv/files', path.basename(req.query.name as string));\n  extractFile(file);\n"
        "  res.send('ok');\n});\n",
    ),
    "php-sql-intval-first": (
        "php",
        "$id = intval($_GET['id']);\n$result = mysqli_query($conn, \"SELECT * FROM users WHERE id = $id\");\n",
    ),
    "php-sql-escaped-first": (
        "php",
        "$name = mysqli_real_escape_string($conn, $_GET['name']);\n"
        "$result = mysqli_query($conn, \"SELECT * FROM users WHERE name = '$name'\");\n",
    ),
    "php-wpdb-prepare": (
        "php",
        "global $wpdb;\n$rows = $wpdb->get_results($wpdb->prepare("
        "\"SELECT * FROM {$wpdb->prefix}posts WHERE post_author = %d\", $_GET['author']));\n",
    ),
    "php-laravel-bound-value": (
        "php",
        "$users = User::whereRaw('email = ?', [$request->email])->get();\n",
    ),
    "php-session-regenerated": ("php", "session_start();\nsession_regenerate_id(true);\n"),
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    snippets = {name: (lang, code) for name, (lang, _, code) in VULNERABLE.items()} | SAFE

    async def run() -> dict[str, list[Finding]]:
        settings = ScanSettings(enabled_scanners=frozenset({"semgrep", "secrets"}))
        async with ScanEngine.from_settings(settings) as engine:
            out = {}
            for name, (language, code) in snippets.items():
                result = await engine.scan(code, language)
                out[name] = flagged(result.findings)
            return out

    return asyncio.run(run())


@pytest.mark.parametrize("name", sorted(VULNERABLE))
def test_vulnerable_snippet_is_reported_under_its_cwe(name: str, findings: dict[str, list[Finding]]) -> None:
    _, expected, _ = VULNERABLE[name]
    got = {(f.rule_id, f.cwe) for f in findings[name]}
    assert any(f.cwe in cwe_family(expected) for f in findings[name]), got


@pytest.mark.parametrize("name", sorted(SAFE))
def test_safe_look_alike_has_no_medium_finding(name: str, findings: dict[str, list[Finding]]) -> None:
    assert findings[name] == [], [(f.rule_id, f.cwe, f.start_line) for f in findings[name]]
