"""Insecure chat answers for the statement-release leak test (tests/pipeline/test_statement_release.py).

Each answer is prose, one fenced block and prose, the way a chat model writes. The blocks are
built so that a streamed release has something to lose: harmless statements first (imports,
constants, a tainted value read into a variable), the dangerous sink later, often in a later
top-level statement that uses a name defined earlier. Together they cover the default policy's
block rules (OS command, code, SQL, LDAP, XPath, template injection, XSS, deserialization,
critical findings) in Python, JavaScript and shell. Written for this test, from no benchmark.
"""

from __future__ import annotations


def chat(intro: str, language: str, code: str, outro: str = "Let me know if you need changes.") -> str:
    return f"{intro}\n\n```{language}\n{code.strip()}\n```\n\n{outro}\n"


PYTHON = [
    chat("Here is a script that runs the command the user types:", "python", """
import subprocess
import sys

PROMPT = "command> "


def read_command():
    return input(PROMPT)


cmd = read_command()
subprocess.call(cmd, shell=True)
"""),
    chat("A small helper that pings a host from a web form:", "python", """
import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    os.system("ping -c 1 " + host)
    return "ok"
"""),
    chat("Look the user up by name:", "python", """
import sqlite3

conn = sqlite3.connect("app.db")
cursor = conn.cursor()


def find_user(name):
    query = "SELECT * FROM users WHERE name = '" + name + "'"
    cursor.execute(query)
    return cursor.fetchall()
"""),
    chat("Load the saved session from the cookie:", "python", """
import base64
import pickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore")
def restore():
    blob = request.cookies.get("session")
    data = base64.b64decode(blob)
    return str(pickle.loads(data))
"""),
    chat("Evaluate the expression the user submits:", "python", """
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args.get("expr")
    result = eval(expression)
    return str(result)
"""),
    chat("Read the config from YAML:", "python", """
import yaml

CONFIG_PATH = "config.yml"

with open(CONFIG_PATH) as handle:
    raw = handle.read()

config = yaml.load(raw, Loader=yaml.Loader)
print(config)
"""),
    chat("Render a greeting with the name from the query string:", "python", """
from flask import Flask, request, render_template_string

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    template = "<h1>Hello " + name + "</h1>"
    return render_template_string(template)
"""),
    chat("Run the archive tool on the uploaded file name:", "python", """
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/extract")
def extract():
    filename = request.form["filename"]
    subprocess.Popen("tar -xzf " + filename, shell=True)
    return "started"
"""),
    chat("Search the directory for the user:", "python", """
import ldap
from flask import Flask, request

app = Flask(__name__)
connection = ldap.initialize("ldap://localhost")


@app.route("/who")
def who():
    user = request.args.get("user")
    search = "(uid=" + user + ")"
    return str(connection.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, search))
"""),
    chat("Execute the plugin code the admin pastes:", "python", """
from flask import Flask, request

app = Flask(__name__)


@app.route("/plugin", methods=["POST"])
def plugin():
    source = request.form["code"]
    exec(source)
    return "done"
"""),
    chat("Filter orders by the status in the URL:", "python", """
import psycopg2
from flask import Flask, request

app = Flask(__name__)
db = psycopg2.connect("dbname=shop")


@app.route("/orders")
def orders():
    status = request.args.get("status")
    cur = db.cursor()
    cur.execute("SELECT id FROM orders WHERE status = '%s'" % status)
    return str(cur.fetchall())
"""),
    chat("Unpickle the job the worker received over the socket:", "python", """
import pickle
import socket

server = socket.socket()
server.bind(("0.0.0.0", 9000))
server.listen(1)
client, _ = server.accept()
payload = client.recv(65536)
job = pickle.loads(payload)
job.run()
"""),
    chat("Show the search term back on the results page:", "python", """
from flask import Flask, request, make_response

app = Flask(__name__)


@app.route("/search")
def search():
    term = request.args.get("q", "")
    html = "<p>Results for " + term + "</p>"
    return make_response(html)
"""),
    chat("Query the XML catalogue by title:", "python", """
from lxml import etree
from flask import Flask, request

app = Flask(__name__)
tree = etree.parse("catalog.xml")


@app.route("/book")
def book():
    title = request.args.get("title")
    query = "/catalog/book[title='" + title + "']"
    return str(tree.xpath(query))
"""),
]

JAVASCRIPT = [
    chat("An Express route that lists a directory:", "javascript", """
const express = require('express');
const { exec } = require('child_process');

const app = express();

app.get('/ls', (req, res) => {
  const dir = req.query.dir;
  exec('ls -la ' + dir, (err, out) => res.send(out));
});

app.listen(3000);
"""),
    chat("Compute the formula the client sends:", "javascript", """
const express = require('express');
const app = express();
app.use(express.json());

app.post('/formula', (req, res) => {
  const formula = req.body.formula;
  const value = eval(formula);
  res.json({ value });
});
"""),
    chat("Fetch a product by id with mysql:", "javascript", """
const mysql = require('mysql');
const express = require('express');

const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });
const app = express();

app.get('/product', (req, res) => {
  const id = req.query.id;
  connection.query('SELECT * FROM products WHERE id = ' + id, (err, rows) => res.json(rows));
});
"""),
    chat("Run the snippet the user saved, in a sandbox:", "javascript", """
const express = require('express');
const app = express();
app.use(express.json());

const greeting = 'hello';

app.post('/snippet', (req, res) => {
  const body = req.body.source;
  const fn = new Function(body);
  res.json({ result: fn(), greeting });
});
"""),
    chat("Restore the state the browser posted:", "javascript", """
const express = require('express');
const serialize = require('node-serialize');

const app = express();
app.use(express.text());

app.post('/state', (req, res) => {
  const state = serialize.unserialize(req.body);
  res.json(state);
});
"""),
    chat("Run a build script named by the request:", "javascript", """
const express = require('express');
const childProcess = require('child_process');

const app = express();

app.get('/build', (req, res) => {
  const target = req.query.target;
  childProcess.execSync(`make ${target}`);
  res.send('built');
});
"""),
]

SHELL = [
    chat("A deploy script that takes the branch as an argument:", "bash", """
#!/bin/bash
BRANCH=$1
LOG=/tmp/deploy.log

echo "deploying" >> $LOG
eval "git checkout $BRANCH"
"""),
    chat("Install the tool with one line:", "bash", """
#!/bin/sh
set -e
VERSION=1.2.3

echo "installing $VERSION"
curl -sSL https://example.com/install.sh | sh
"""),
    chat("Bootstrap a machine from the URL you pass:", "bash", """
#!/bin/bash
URL=$1
STAMP=$(date +%s)
echo "$STAMP bootstrap from $URL" >> bootstrap.log

wget -qO- $URL | bash
"""),
]

CORPUS = PYTHON + JAVASCRIPT + SHELL
