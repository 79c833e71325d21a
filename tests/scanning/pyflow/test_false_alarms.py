"""pyflow on look-alikes it used to report: each safe handler beside the vulnerable one it resembles.

From the python_llm probe set's false alarms (tests/data/scanning/python_llm/safe): an upload's file
object given to `ZipFile`/`copyfileobj` is not a path, a dict a handler returns is JSON, and a value
that went through a parser which raises on anything else (`ipaddress.ip_address`, `uuid.UUID`) is
no longer request text. The vulnerable twin keeps the category reported, so a fix that simply
stopped looking would fail here.
"""

from __future__ import annotations

import pytest

from gateway.scanning.findings import Severity
from gateway.scanning.pyflow import analyze, findings_of

HEAD = "import ipaddress\nimport shutil\nimport subprocess\nimport uuid\nimport zipfile\n" \
       "from flask import Flask, request\napp = Flask(__name__)\n\n@app.route('/x', methods=['POST'])\ndef handler():\n"

# (rule, vulnerable body, look-alike body)
PAIRS = [
    ("pyflow.path-traversal",
     "    archive = zipfile.ZipFile(request.form['archive'])\n    return str(len(archive.namelist()))\n",
     "    archive = zipfile.ZipFile(request.files['archive'])\n    return str(len(archive.namelist()))\n"),
    ("pyflow.path-traversal",
     "    upload = request.files.get('archive')\n    archive = zipfile.ZipFile(upload.filename)\n    return 'ok'\n",
     "    upload = request.files.get('archive')\n    archive = zipfile.ZipFile(upload.stream)\n    return 'ok'\n"),
    ("pyflow.path-traversal",
     "    upload = request.files['f']\n    with open('up/' + upload.filename, 'wb') as out:\n"
     "        shutil.copyfileobj(upload.stream, out)\n    return 'ok'\n",
     "    upload = request.files['f']\n    with open(f'up/{uuid.uuid4().hex}.png', 'wb') as out:\n"
     "        shutil.copyfileobj(upload.stream, out)\n    return 'ok'\n"),
    ("pyflow.xss",
     "    raw = request.cookies.get('cart', '')\n    return '<p>' + raw + '</p>'\n",
     "    raw = request.cookies.get('cart', '')\n    return {'items': raw}\n"),
    ("pyflow.xss",
     "    names = request.args.getlist('n')\n    return ', '.join(names)\n",
     "    names = request.args.getlist('n')\n    return [n for n in names]\n"),
    ("pyflow.command-injection",
     "    host = str(request.args.get('host', ''))\n"
     "    return subprocess.run('ping -c 1 ' + host, shell=True).stdout\n",
     "    host = str(ipaddress.ip_address(request.args.get('host', '')))\n"
     "    return subprocess.run('ping -c 1 ' + host, shell=True).stdout\n"),
    # `-c` is a shell's (or Python's) script flag, not ping's count: an argument vector whose program
    # is fixed and runs no script carries the request value as one argument, never as a command
    ("pyflow.command-injection",
     "    host = request.args.get('host', '')\n"
     "    return subprocess.check_output(['sudo', 'sh', '-c', 'ping ' + host])\n",
     "    host = request.args.get('host', '')\n    return subprocess.check_output(['ping', '-c', '1', host])\n"),
    ("pyflow.command-injection",
     "    code = request.args.get('expr', '')\n    return subprocess.check_output(['python3', '-c', code])\n",
     "    name = request.args.get('name', '')\n    return subprocess.check_output(['git', 'log', '-c', '--', name])\n"),
    ("pyflow.path-traversal",
     "    name = request.args.get('id', '')\n    return open('data/' + name).read()\n",
     "    name = str(uuid.UUID(request.args.get('id', '')))\n    return open('data/' + name).read()\n"),
]


def _reported(code: str, rule: str) -> bool:
    return any(f.rule_id == rule and f.severity >= Severity.MEDIUM for f in findings_of(analyze(code)))


@pytest.mark.parametrize(("rule", "vulnerable", "safe"), PAIRS, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(PAIRS)])
def test_look_alike_is_not_reported_but_its_twin_is(rule: str, vulnerable: str, safe: str) -> None:
    assert _reported(HEAD + vulnerable, rule)
    assert not _reported(HEAD + safe, rule)


def test_weak_random_in_a_returned_dict_is_still_reported() -> None:
    code = "import random\nfrom flask import Flask\napp = Flask(__name__)\n\n@app.route('/t')\ndef token():\n" \
           "    return {'token': random.randint(0, 10**6)}\n"
    assert any(f.rule_id == "pyflow.weak-random" for f in findings_of(analyze(code)))
