"""LLM-style Flask/stdlib snippets, each weakness with a safe look-alike, through the real ScanEngine.

Semgrep (Sluice's rules), Bandit (with calibration and cross-engine merge) and the secrets scanner run
on every snippet, as the gateway runs them. A vulnerable snippet must carry a medium-or-worse finding
with the CWE evaluators score it under (or one of its family); a safe look-alike must carry none: that
is the precision the held-out benchmarks measure (a safe sample with any medium finding is a false
positive).
"""

from __future__ import annotations

import asyncio

import pytest

from gateway.scanning import Finding, ScanEngine, ScanSettings
from gateway.scanning.calibration import cwe_family
from tests.support.flagging import flagged

FLASK = """\
import os
import subprocess
import sqlite3
from flask import Flask, abort, jsonify, make_response, redirect, request, session, Response
app = Flask(__name__)
"""

VULNERABLE: dict[str, tuple[str, str]] = {
    # a presence check is no allow-list: the shell still runs request data
    "shell-after-presence-check": (
        "CWE-78",
        FLASK
        + """
@app.route("/ping")
def ping():
    if "host" not in request.args:
        return "missing", 400
    host = request.args["host"]
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout
""",
    ),
    "exec-shell-from-request": (
        "CWE-78",
        FLASK + '\n@app.route("/x")\ndef x():\n    os.execl("/bin/sh", "sh", "-c", request.args["c"])\n',
    ),
    "import-named-by-request": (
        "CWE-94",
        FLASK
        + '\nimport importlib\n@app.route("/m")\ndef m():\n'
        + '    return str(importlib.import_module(request.args["module"]))\n',
    ),
    "mongo-where": (
        "CWE-943",
        FLASK
        + """
from pymongo import MongoClient
@app.route("/u")
def u():
    users = MongoClient().app.users
    return str(users.find_one({"$where": "this.name == '" + request.args["n"] + "'"}))
""",
    ),
    "log-forging": (
        "CWE-117",
        FLASK
        + '\nimport logging\n@app.route("/l")\ndef l():\n'
        + '    logging.info("login for " + request.args["user"])\n    return "ok"\n',
    ),
    "header-splitting": (
        "CWE-113",
        FLASK
        + """
@app.route("/h")
def h():
    resp = make_response("ok")
    resp.headers["X-Name"] = request.args["name"]
    return resp
""",
    ),
    "exception-text-returned": (
        "CWE-209",
        FLASK
        + """
@app.route("/d")
def d():
    try:
        return str(1 / int(request.args["n"]))
    except Exception as exc:
        return jsonify(error=str(exc)), 500
""",
    ),
    "cookie-without-httponly": (
        "CWE-1004",
        FLASK
        + """
@app.route("/c")
def c():
    resp = make_response("ok")
    resp.set_cookie("sid", "v", secure=True)
    return resp
""",
    ),
    "tls-1-0": (
        "CWE-327",
        "import ssl\n\ndef ctx():\n    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n",
    ),
    "static-iv": (
        "CWE-329",
        "from Crypto.Cipher import AES\nIV = b'0000000000000000'\n\n"
        "def enc(key, data):\n    return AES.new(key, AES.MODE_CBC, IV).encrypt(data)\n",
    ),
    "password-compared-with-literal": (
        "CWE-798",
        "def check(username, password):\n    return username == 'admin' and password == 'S3cr3tP@ss'\n",
    ),
    "password-in-dsn": (
        "CWE-798",
        'import psycopg2\n\nconn = psycopg2.connect("dbname=app user=admin password=Admin123!")\n',
    ),
    "smtp-login-literal": (
        "CWE-798",
        "import smtplib\n\ndef send():\n    s = smtplib.SMTP('smtp.example.com', 587)\n"
        "    s.login('noreply@example.com', 'Mailpass2023')\n",
    ),
    "zip-extract-unchecked": (
        "CWE-22",
        "import zipfile\n\ndef unpack(path):\n    with zipfile.ZipFile(path) as z:\n        z.extractall('/srv/out')\n",
    ),
    "lxml-default-parser-on-request": (
        "CWE-611",
        FLASK
        + '\nfrom lxml import etree\n@app.route("/x", methods=["POST"])\ndef x():\n'
        + "    return etree.fromstring(request.data).tag\n",
    ),
    "sqlalchemy-string-filter": (
        "CWE-89",
        FLASK
        + """
from models import User
@app.route("/u")
def u():
    name = request.args["name"]
    return jsonify(n=len(User.query.filter(f"name = '{name}'").all()))
""",
    ),
    "mass-assignment": (
        "CWE-915",
        FLASK
        + """
from models import User, db
@app.route("/u", methods=["POST"])
def u():
    user = User.query.get(1)
    for key, value in request.json.items():
        setattr(user, key, value)
    db.session.commit()
    return "ok"
""",
    ),
    "upload-any-type": (
        "CWE-434",
        FLASK
        + """
@app.route("/up", methods=["POST"])
def up():
    f = request.files["file"]
    f.save(os.path.join("uploads", f.filename))
    return "ok"
""",
    ),
    "fixed-host-path-from-request": (
        "CWE-918",
        FLASK
        + """
import requests
@app.route("/user")
def user():
    user_id = request.args["id"]
    return requests.get(f"https://api.github.com/users/{user_id}", timeout=5).text
""",
    ),
    "jinja2-template-without-autoescape": (
        "CWE-79",
        FLASK
        + """
from jinja2 import Template
@app.route("/h")
def h():
    return Template("<p>Hello {{ name }}</p>").render(name=request.args.get("name", ""))
""",
    ),
    "safe-filter-on-request-data": (
        "CWE-79",
        FLASK
        + """
from flask import render_template_string
@app.route("/bio")
def bio():
    return render_template_string("<p>{{ bio|safe }}</p>", bio=request.args["bio"])
""",
    ),
    "html-response-built-from-request": (
        "CWE-79",
        FLASK
        + """
@app.route("/c", methods=["POST"])
def c():
    return Response("<div>" + request.form["comment"] + "</div>", mimetype="text/html")
""",
    ),
    "redirect-through-location-header": (
        "CWE-601",
        FLASK
        + """
@app.route("/r")
def r():
    resp = make_response("", 302)
    resp.headers["Location"] = request.args["url"]
    return resp
""",
    ),
    "token-in-auth-header": (
        "CWE-798",
        "import requests\n\ndef f():\n    return requests.get('https://api.example.com', timeout=5,\n"
        "                        headers={'Authorization': 'Token 9f8e7d6c5b4a39281716'})\n",
    ),
    "flask-wtf-csrf-off": (
        "CWE-352",
        "from flask import Flask\napp = Flask(__name__)\napp.config['WTF_CSRF_ENABLED'] = False\n",
    ),
}

SAFE: dict[str, str] = {
    "shell-allow-listed": FLASK
    + """
HOSTS = {"a.example.com", "b.example.com"}
@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    if host not in HOSTS:
        return "unknown", 400
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout
""",
    "shell-strict-pattern": FLASK
    + """
import re
@app.route("/dns")
def dns():
    domain = request.args.get("domain", "")
    if not re.fullmatch(r"[a-zA-Z0-9.-]+", domain):
        abort(400)
    return subprocess.run(f"nslookup {domain}", shell=True, capture_output=True, text=True).stdout
""",
    "shell-quoted": FLASK
    + """
import shlex
@app.route("/ping")
def ping():
    os.system("ping -c 1 " + shlex.quote(request.args["host"]))
    return "done"
""",
    "sql-order-by-allow-listed": FLASK
    + """
@app.route("/s")
def s():
    col = request.args.get("sort", "id")
    if col not in ("id", "name"):
        col = "id"
    conn = sqlite3.connect("a.db")
    return jsonify(conn.execute("SELECT * FROM items ORDER BY " + col).fetchall())
""",
    "parsed-json-returned": FLASK
    + """
import ast, json
@app.route("/p")
def p():
    return str(json.loads(request.data)) + str(ast.literal_eval(request.args["e"]))
""",
    "pickle-hmac-verified": FLASK
    + """
import hashlib, hmac, pickle
KEY = os.environ["KEY"].encode()
@app.route("/l", methods=["POST"])
def l():
    data = request.data
    if not hmac.compare_digest(request.headers.get("X-Sig", ""), hmac.new(KEY, data, hashlib.sha256).hexdigest()):
        abort(403)
    return jsonify(pickle.loads(data))
""",
    "xml-config-file": "import xml.etree.ElementTree as ET\n\ndef load():\n"
    + "    return ET.parse('config.xml').getroot()\n",
    "listen-on-all-interfaces": FLASK + '\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=5000)\n',
    "session-after-password-check": FLASK
    + """
from werkzeug.security import check_password_hash
@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    row = sqlite3.connect("u.db").execute("SELECT h FROM users WHERE name = ?", (user,)).fetchone()
    if row and check_password_hash(row[0], request.form["password"]):
        session["user"] = user
        return redirect("/home")
    return "invalid", 401
""",
    "redirect-checked-by-helper": FLASK
    + """
@app.route("/login")
def login():
    target = request.args.get("next", "/")
    if not is_safe_url(target):
        return abort(400)
    return redirect(target)
""",
    "tar-members-checked": """\
import os, tarfile

def extract(path, dest):
    with tarfile.open(path) as tar:
        for m in tar.getmembers():
            target = os.path.realpath(os.path.join(dest, m.name))
            if not target.startswith(os.path.realpath(dest) + os.sep):
                raise ValueError("bad path")
        tar.extractall(dest)
""",
    "ssrf-netloc-allow-listed": FLASK
    + """
import requests
from urllib.parse import urlparse
ALLOWED = {"api.example.com"}
@app.route("/fetch")
def fetch():
    url = request.args.get("url", "")
    if urlparse(url).netloc not in ALLOWED:
        return "forbidden", 403
    return requests.get(url, timeout=5).text
""",
    "fixed-host-path-validated": FLASK
    + """
import requests
@app.route("/user")
def user():
    user_id = request.args["id"]
    if not user_id.isalnum():
        abort(400)
    return requests.get(f"https://api.github.com/users/{user_id}", timeout=5).text
""",
    "upload-extension-checked": FLASK
    + """
from werkzeug.utils import secure_filename
ALLOWED = {"png", "jpg"}
@app.route("/up", methods=["POST"])
def up():
    f = request.files["file"]
    name = secure_filename(f.filename)
    if "." not in name or name.rsplit(".", 1)[1].lower() not in ALLOWED:
        abort(400)
    f.save(os.path.join("uploads", name))
    return "ok"
""",
    "template-rendered-into-a-variable": FLASK
    + """
from flask import render_template_string
@app.route("/g")
def g():
    rendered = render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])
    return rendered
""",
    "jinja2-environment-with-autoescape": FLASK
    + """
from jinja2 import Environment, select_autoescape
env = Environment(autoescape=select_autoescape(["html"]))
@app.route("/h")
def h():
    return env.from_string("<p>{{ n }}</p>").render(n=request.args["n"])
""",
    "pycryptodome-gcm-with-key-from-environment": """\
import base64, os
from Crypto.Cipher import AES

def enc(data):
    key = base64.b64decode(os.environ["DATA_KEY"])
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.nonce + b"".join(cipher.encrypt_and_digest(data))
""",
    "log-neutralised": FLASK
    + """
import logging
@app.route("/l")
def l():
    user = request.args.get("user", "")
    logging.info("login for %s", user.replace("\\r", "").replace("\\n", ""))
    return "ok"
""",
    "exception-logged-not-returned": FLASK
    + """
import logging
@app.route("/d")
def d():
    try:
        return str(1 / int(request.args["n"]))
    except Exception:
        logging.exception("divide failed")
        return jsonify(error="internal error"), 500
""",
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    snippets = {**{name: code for name, (_, code) in VULNERABLE.items()}, **SAFE}

    async def run() -> dict[str, list[Finding]]:
        settings = ScanSettings(enabled_scanners=frozenset({"semgrep", "bandit", "secrets"}))
        async with ScanEngine.from_settings(settings) as engine:
            out = {}
            for name, code in snippets.items():
                result = await engine.scan(code, "python")
                out[name] = flagged(result.findings)
            return out

    return asyncio.run(run())


@pytest.mark.parametrize("name", sorted(VULNERABLE))
def test_vulnerable_snippet_is_reported_under_the_evaluators_cwe(name: str, findings: dict[str, list[Finding]]):
    expected, _ = VULNERABLE[name]
    got = {(f.rule_id, f.cwe) for f in findings[name]}
    assert any(f.cwe in cwe_family(expected) for f in findings[name]), got


@pytest.mark.parametrize("name", sorted(SAFE))
def test_safe_look_alike_has_no_medium_finding(name: str, findings: dict[str, list[Finding]]):
    assert findings[name] == [], [(f.rule_id, f.cwe, f.start_line) for f in findings[name]]
