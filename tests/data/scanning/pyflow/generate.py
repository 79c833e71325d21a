"""Writes the pyflow test pairs: one Flask handler per file, vulnerable (`*_bad.py`) or look-alike (`*_good.py`).

Each case reads a request value, passes it through one propagator and into one sink. The look-alike
runs the same code except that the value reaching the sink is constant (the live branch, the dict
key or list element fetched is the safe one) or uses the safe API variant. Our own code, written
for these tests. Run `python tests/data/scanning/pyflow/generate.py` after changing it; the files
and manifest.json are committed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).parent
CASES = HERE / "cases"

SOURCES = [
    'param = request.args.get("name", "")',
    'param = request.form.get("comment", "")',
    'param = request.headers.get("X-Custom", "")',
    'param = request.cookies.get("pref", "")',
    'body = request.get_json(silent=True) or {}\n    param = str(body.get("value", ""))',
    'values = request.args.getlist("item")\n    param = values[0] if values else ""',
    'param = ""\n    for header_name in request.headers.keys():\n        param = header_name',
    'param = request.values["q"]',
]

# Each propagator: (name, code). `{data}` is the value that must not reach the sink, `{safe}` the
# constant; the code assigns `bar`. "bad" keeps the code as is, "good" swaps which one is live.
PROPAGATORS: dict[str, tuple[str, str]] = {
    "direct": ("bar = {data}", "bar = {safe}"),
    "concat": ("bar = 'prefix-' + {data}", "bar = 'prefix-' + {safe}"),
    "fstring": ('bar = f"{{{data}}}-suffix"', 'bar = f"{{{safe}}}-suffix"'),
    "format": ("bar = '{{}}'.format({data})", "bar = '{{}}'.format({safe})"),
    "percent": ("bar = '%s' % ({data},)", "bar = '%s' % ({safe},)"),
    "base64": (
        "encoded = base64.b64encode(str({data}).encode('utf-8'))\n    bar = base64.b64decode(encoded).decode('utf-8')",
        "encoded = base64.b64encode(str({safe}).encode('utf-8'))\n    bar = base64.b64decode(encoded).decode('utf-8')",
    ),
    "dict": (
        "lookup = {{}}\n    lookup['keyA'] = {safe}\n    lookup['keyB'] = {data}\n    bar = lookup['keyB']",
        "lookup = {{}}\n    lookup['keyA'] = {safe}\n    lookup['keyB'] = {data}\n    bar = lookup['keyA']",
    ),
    "dict_get": (
        "table = {{'a': {safe}, 'b': {data}}}\n    bar = table.get('b')",
        "table = {{'a': {safe}, 'b': {data}}}\n    bar = table.get('a')",
    ),
    "list_pop": (
        "items = [{safe}, {data}, {safe}]\n    items.pop(0)\n    bar = items[0]",
        "items = [{safe}, {data}, {safe}]\n    items.pop(1)\n    bar = items[0]",
    ),
    "list_append": (
        "items = []\n    items.append({safe})\n    items.append({data})\n    items.append({safe})\n"
        "    items.remove(items[0])\n    bar = items[0]",
        "items = []\n    items.append({safe})\n    items.append({data})\n    items.append({safe})\n"
        "    items.remove(items[0])\n    bar = items[1]",
    ),
    "if_arith": (
        "num = 86\n    if (7 * 42) - num > 200:\n        bar = {data}\n    else:\n        bar = {safe}",
        "num = 86\n    if (7 * 42) - num > 200:\n        bar = {safe}\n    else:\n        bar = {data}",
    ),
    "ternary": (
        "num = 106\n    bar = {data} if (7 * 18) + num > 200 else {safe}",
        "num = 106\n    bar = {safe} if (7 * 18) + num > 200 else {data}",
    ),
    "switch": (
        "guess = 'ABC'\n    target = guess[1]\n    if target == 'A':\n        bar = {safe}\n"
        "    elif target == 'B':\n        bar = {data}\n    else:\n        bar = {safe}",
        "guess = 'ABC'\n    target = guess[1]\n    if target == 'A':\n        bar = {data}\n"
        "    elif target == 'B':\n        bar = {safe}\n    else:\n        bar = {data}",
    ),
    "match": (
        "selector = 'xyz'[2]\n    match selector:\n        case 'x':\n            bar = {safe}\n"
        "        case 'z':\n            bar = {data}\n        case _:\n            bar = {safe}",
        "selector = 'xyz'[2]\n    match selector:\n        case 'x':\n            bar = {data}\n"
        "        case 'z':\n            bar = {safe}\n        case _:\n            bar = {data}",
    ),
    "match_or": (
        "selector = 'ABCD'[3]\n    match selector:\n        case 'A':\n            bar = {safe}\n"
        "        case 'C' | 'D':\n            bar = {data}\n        case _:\n            bar = {safe}",
        "selector = 'ABCD'[1]\n    match selector:\n        case 'A' | 'B':\n            bar = {safe}\n"
        "        case 'C' | 'D':\n            bar = {data}\n        case _:\n            bar = {data}",
    ),
    "helper": (
        "bar = pass_through({data})",
        "bar = constant_of({data})",
    ),
    "helper_class": (
        "thing = Relay()\n    bar = thing.forward({data})",
        "thing = Relay()\n    bar = thing.fixed({data})",
    ),
    "config": (
        "conf = configparser.ConfigParser()\n    conf.add_section('s')\n    conf.set('s', 'keyA', {safe})\n"
        "    conf.set('s', 'keyB', {data})\n    bar = conf.get('s', 'keyB')",
        "conf = configparser.ConfigParser()\n    conf.add_section('s')\n    conf.set('s', 'keyA', {safe})\n"
        "    conf.set('s', 'keyB', {data})\n    bar = conf.get('s', 'keyA')",
    ),
    "thing_choice": (
        "thing = Relay() if 3 * 7 > 20 else Fixed()\n    bar = thing.forward({data})",
        "thing = Fixed() if 3 * 7 > 20 else Relay()\n    bar = thing.forward({data})",
    ),
    "split_join": (
        "parts = ' '.join([{safe}, {data}]).split(' ')\n    bar = parts[-1]",
        "parts = [{safe}, {data}]\n    bar = parts[0].upper()",
    ),
}

_STRING_BUILDING = {"concat", "fstring", "format", "percent", "base64", "split_join"}

HELPERS = '''

def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"


class Fixed:
    def forward(self, value):
        return "fixed"
'''

# Per category: imports, the sink using `bar`, what `{data}`/`{safe}` are, and extra look-alikes that
# use the safe API variant with request data. CWE is the one the scorer expects.
CATEGORIES: dict[str, dict[str, object]] = {
    "command-injection": {
        "cwe": "CWE-78", "imports": "import os\nimport subprocess\nimport shlex",
        "sink": "os.system('echo ' + bar)",
        "bad_variants": ["subprocess.run(['sh', '-c', 'ls ' + param])",
                         "import platform\n    argv = []\n    if platform.system() == 'Windows':\n"
                         "        argv.append('cmd.exe')\n        argv.append('/c')\n    else:\n"
                         "        argv.append('sh')\n        argv.append('-c')\n    argv.append(f'echo {param}')\n"
                         "    return subprocess.run(argv, capture_output=True, text=True).stdout",
                         "out = subprocess.check_output('grep ' + param + ' /var/log/app.log', shell=True)\n"
                         "    return out"],
        "variants": [
            "subprocess.run('ls ' + shlex.quote(param), shell=True)",
            "subprocess.run(['ls', '-l', param], check=False)",
        ],
    },
    "code-injection": {
        "cwe": "CWE-94", "imports": "import ast",
        "sink": "result = eval(bar)\n    return str(result)",
        "bad_variants": ["exec('value = ' + param)\n    return 'ok'"],
        "variants": ["result = ast.literal_eval(param)\n    return str(result)"],
    },
    "deserialization": {
        "cwe": "CWE-502", "imports": "import pickle\nimport yaml",
        "sink": "obj = pickle.loads(base64.b64decode(bar))\n    return str(obj)",
        "bad_variants": ["obj = yaml.load(param, Loader=yaml.Loader)\n    return str(obj)"],
        "variants": ["obj = yaml.safe_load(param)\n    return str(obj)",
                     "obj = yaml.load(param, Loader=yaml.SafeLoader)\n    return str(obj)"],
    },
    "weak-hash": {
        "cwe": "CWE-328", "imports": "import hashlib", "data": "'md5'", "safe": "'sha256'",
        "sink": "digest = hashlib.new(bar)\n    digest.update(param.encode())\n    return digest.hexdigest()",
        "bad_variants": ["return hashlib.md5(param.encode()).hexdigest()",
                         "return hashlib.sha1(param.encode()).hexdigest()"],
        "variants": ["return hashlib.sha256(param.encode()).hexdigest()"],
    },
    "weak-random": {
        "cwe": "CWE-330", "imports": "import random\nimport secrets",
        "data": "str(random.random())", "safe": "secrets.token_hex(16)",
        "sink": "resp = make_response('ok')\n    resp.set_cookie('remember_me', bar, secure=True, httponly=True)\n"
                "    return resp",
        "bad_variants": ["number = random.randint(100000, 999999)\n    return f'Your code is {number}'",
                         "generator = random.Random()\n    session['user_id'] = str(generator.getrandbits(64))\n"
                         "    return 'ok'"],
        "variants": ["token = secrets.token_urlsafe(32)\n    session['csrf'] = token\n    return 'ok'",
                     "generator = random.SystemRandom()\n    session['user_id'] = str(generator.getrandbits(64))\n"
                     "    return 'ok'"],
    },
    "ldap-injection": {
        "cwe": "CWE-90", "imports": "import ldap\nfrom ldap.filter import escape_filter_chars",
        "sink": "conn = ldap.initialize('ldap://localhost')\n"
                "    found = conn.search_s('dc=example,dc=com', ldap.SCOPE_SUBTREE, '(uid=' + bar + ')')\n"
                "    return str(len(found))",
        "bad_variants": ["import ldap3\n    conn = ldap3.Connection(ldap3.Server('ldap://localhost'))\n"
                         "    conn.search('dc=example,dc=com', f'(&(objectClass=person)(cn={param}))')\n"
                         "    return str(conn.entries)"],
        "variants": ["conn = ldap.initialize('ldap://localhost')\n"
                     "    found = conn.search_s('dc=example,dc=com', ldap.SCOPE_SUBTREE,"
                     " '(uid=' + escape_filter_chars(param) + ')')\n    return str(len(found))"],
    },
    "path-traversal": {
        "cwe": "CWE-22", "imports": "import os\nfrom werkzeug.utils import secure_filename",
        "sink": "path = os.path.join('/srv/files', bar)\n    with open(path, 'rb') as handle:\n"
                "        return handle.read()[:100]",
        "bad_variants": ["import pathlib\n    return (pathlib.Path('/srv/files') / param).read_text()",
                         "import pathlib\n    base = pathlib.Path('/srv/files')\n"
                         "    return (base / param).resolve().read_text()[:100]",
                         "return send_file('/srv/files/' + param)"],
        "variants": [
            "with open(os.path.join('/srv/files', os.path.basename(param)), 'rb') as handle:\n"
            "        return handle.read()[:100]",
            "full = os.path.realpath(os.path.join('/srv/files', param))\n"
            "    if not full.startswith('/srv/files/'):\n        abort(403)\n"
            "    with open(full, 'rb') as handle:\n        return handle.read()[:100]",
            "import pathlib\n    base = pathlib.Path('/srv/files')\n    target = (base / param).resolve()\n"
            "    if not str(target).startswith(str(base)):\n        abort(403)\n    return target.read_text()[:100]",
            "if '..' in param or param.startswith('/'):\n        abort(400)\n"
            "    with open('/srv/files/' + param, 'rb') as handle:\n        return handle.read()[:100]",
        ],
    },
    "open-redirect": {
        "cwe": "CWE-601", "imports": "from urllib.parse import urlparse",
        "sink": "return redirect(bar)",
        "bad_variants": ["return Response('', status=302, headers={'Location': param})"],
        "variants": [
            "if urlparse(param).netloc not in ('', 'example.com'):\n        abort(400)\n    return redirect(param)",
            "allowed = {'/home', '/profile'}\n    if param not in allowed:\n        return redirect('/home')\n"
            "    return redirect(param)",
        ],
    },
    "insecure-cookie": {
        "cwe": "CWE-614", "imports": "", "data": "False", "safe": "True",
        "sink": "resp = make_response('ok')\n    resp.set_cookie('theme', 'dark', secure=bar, httponly=True)\n"
                "    return resp",
        "bad_variants": ["resp = make_response('ok')\n    resp.set_cookie('pref', param)\n    return resp"],
        "variants": ["resp = make_response('ok')\n    resp.set_cookie('pref', 'v', secure=True, httponly=True, "
                     "samesite='Lax')\n    return resp"],
    },
    "sql-injection": {
        "cwe": "CWE-89", "imports": "import sqlite3",
        "sink": "conn = sqlite3.connect('app.db')\n"
                "    rows = conn.execute(\"SELECT * FROM users WHERE name = '\" + bar + \"'\").fetchall()\n"
                "    return str(len(rows))",
        "bad_variants": ["cur = sqlite3.connect('app.db').cursor()\n"
                         "    cur.execute('DELETE FROM items WHERE id = %s' % param)\n    return 'deleted'"],
        "variants": ["conn = sqlite3.connect('app.db')\n"
                     "    rows = conn.execute('SELECT * FROM users WHERE name = ?', (param,)).fetchall()\n"
                     "    return str(len(rows))"],
    },
    "trust-boundary": {
        "cwe": "CWE-501", "imports": "",
        "sink": "session['userid'] = bar\n    return 'stored'",
        "bad_variants": ["session.update({'theme': param})\n    return 'stored'"],
        "variants": ["session['visited'] = True\n    return 'stored'"],
    },
    "xpath-injection": {
        "cwe": "CWE-643", "imports": "from lxml import etree",
        "sink": "root = etree.fromstring('<users><user name=\"a\"/></users>')\n"
                "    found = root.xpath(\"//user[@name='\" + bar + \"']\")\n    return str(len(found))",
        "bad_variants": ["finder = etree.XPath('//user[@name=\"' + param + '\"]')\n"
                         "    return str(len(finder(etree.fromstring('<users/>'))))"],
        "variants": ["root = etree.fromstring('<users><user name=\"a\"/></users>')\n"
                     "    found = root.xpath('//user[@name=$name]', name=param)\n    return str(len(found))"],
    },
    "xss": {
        "cwe": "CWE-79", "imports": "import html\nfrom markupsafe import escape",
        "sink": "return make_response('<p>Hello ' + bar + '</p>')",
        "bad_variants": ["return f'<p>Hello {param}</p>'",
                         "return render_template_string('<p>Hello ' + param + '</p>')"],
        "variants": [
            "return make_response('<p>Hello ' + html.escape(param) + '</p>')",
            "return Response(param, mimetype='text/plain')",
            "resp = make_response('<p>' + param + '</p>')\n    resp.headers['Content-Type'] = 'text/plain'\n"
            "    return resp",
            "return f'<p>Hello {escape(param)}</p>'",
            "return jsonify(greeting=param)",
        ],
    },
    "xxe": {
        "cwe": "CWE-611", "imports": "from lxml import etree", "data": "True", "safe": "False",
        "sink": "parser = etree.XMLParser(resolve_entities=bar, no_network=True)\n"
                "    doc = etree.fromstring(param.encode(), parser)\n    return doc.tag",
        "bad_variants": ["import xml.sax\n    from xml.sax.handler import feature_external_ges\n"
                         "    parser = xml.sax.make_parser()\n    parser.setFeature(feature_external_ges, True)\n"
                         "    parser.parse(io.StringIO(param))\n    return 'parsed'"],
        "variants": ["parser = etree.XMLParser(resolve_entities=False, no_network=True)\n"
                     "    doc = etree.fromstring(param.encode(), parser)\n    return doc.tag"],
    },
}

HEADER = """from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
{imports}

app = Flask(__name__)
"""


def handler(route: str, source: str, body: str) -> str:
    return (f"\n\n@app.route('/{route}', methods=['GET', 'POST'])\ndef {route.replace('-', '_')}():\n"
            f"    {source}\n    {body}\n")


def main() -> None:
    if CASES.exists():
        shutil.rmtree(CASES)
    manifest = []
    names = list(PROPAGATORS)
    for c_index, (category, spec) in enumerate(CATEGORIES.items()):
        folder = CASES / category
        folder.mkdir(parents=True)
        data, safe = str(spec.get("data", "param")), str(spec.get("safe", "'safe_value'"))
        # A constant like an algorithm name or a flag only moves through structure, not string building.
        usable = names if "data" not in spec else [n for n in names if n not in _STRING_BUILDING]
        chosen = [usable[(c_index * 5 + i) % len(usable)] for i in range(6)]
        for i, prop in enumerate(chosen):
            source = SOURCES[(c_index + i) % len(SOURCES)]
            for label, template in zip(("bad", "good"), PROPAGATORS[prop], strict=True):
                body = template.format(data=data, safe=safe) + "\n    " + str(spec["sink"])
                if "return" not in str(spec["sink"]):
                    body += "\n    return 'done'"
                code = HEADER.format(imports=spec["imports"]) + handler(f"{category}-{prop}", source, body) + HELPERS
                name = f"{prop}_{label}.py"
                (folder / name).write_text(code)
                manifest.append({"file": f"{category}/{name}", "category": category, "cwe": spec["cwe"],
                                 "vulnerable": label == "bad", "propagator": prop})
        for v_index, variant in enumerate(spec.get("bad_variants", [])):  # type: ignore[attr-defined]
            source = SOURCES[(c_index + v_index + 5) % len(SOURCES)]
            body = variant if "return" in variant else variant + "\n    return 'done'"
            code = HEADER.format(imports=spec["imports"]) + handler(f"{category}-api-{v_index}", source, body)
            name = f"api_{v_index}_bad.py"
            (folder / name).write_text(code)
            manifest.append({"file": f"{category}/{name}", "category": category, "cwe": spec["cwe"],
                             "vulnerable": True, "propagator": "api"})
        for v_index, variant in enumerate(spec["variants"]):  # type: ignore[attr-defined]
            source = SOURCES[(c_index + v_index + 3) % len(SOURCES)]
            code = HEADER.format(imports=spec["imports"]) + handler(f"{category}-safe-api", source, variant)
            name = f"safe_api_{v_index}_good.py"
            (folder / name).write_text(code)
            manifest.append({"file": f"{category}/{name}", "category": category, "cwe": spec["cwe"],
                             "vulnerable": False, "propagator": "safe-api"})
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"{len(manifest)} cases")


if __name__ == "__main__":
    main()
