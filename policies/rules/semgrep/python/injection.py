import os
import pty
import shlex
import sqlite3
import subprocess
import sys
from xml.etree import ElementTree

import ldap
from fastapi import Depends, FastAPI
from flask import Flask, abort, render_template_string, request
from jinja2 import Environment
from lxml import etree
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()


@app.route("/users")
def find_user():
    name = request.args.get("name")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    # ruleid: python.sql-injection, python.sql-string-built
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ok: python.sql-injection, python.sql-string-built
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ruleid: python.sql-injection
    query = "SELECT * FROM orders WHERE customer = '" + name + "'"
    # ruleid: python.sql-injection, python.sql-string-built
    cur.execute(query)
    limit = int(request.args.get("limit", "10"))
    # ruleid: python.sql-string-built
    cur.execute("SELECT * FROM users LIMIT %d" % limit)  # int() sanitises it for python.sql-injection
    return "ok"


@app.route("/sales")
def sales_report():
    region = request.args.get("region")
    # ruleid: python.sql-injection
    sql = f"SELECT total FROM sales WHERE region = '{region}'"
    # ok: python.sql-injection
    heading = f"Sales for {region}"
    # ok: python.sql-injection
    fixed = "SELECT total FROM sales WHERE region = :region"
    return run_report(sql, heading, fixed, region=region)


def django_search(request):
    term = request.GET["q"]
    # ruleid: python.sql-injection, python.sql-string-built
    return Product.objects.raw("SELECT * FROM shop_product WHERE title LIKE '%%" + term + "%%'")


@api.get("/items/{item_id}")
async def read_item(item_id: str, db=Depends(get_db)):
    # ruleid: python.sql-injection, python.sql-string-built
    return db.execute(text(f"SELECT * FROM items WHERE id = '{item_id}'")).all()


@api.get("/orders/{order_id}")
async def read_order(order_id: int, db=Depends(get_db)):
    # ruleid: python.sql-string-built
    return db.execute(text(f"SELECT * FROM orders WHERE id = {order_id}")).all()


def get_user_by_email(conn, email):
    cur = conn.cursor()
    # ruleid: python.sql-string-built
    cur.execute("SELECT id FROM users WHERE email = '%s'" % email)
    # ruleid: python.sql-string-built
    cur.execute("DELETE FROM users WHERE email = '{}'".format(email))
    # ok: python.sql-string-built
    cur.execute("SELECT id FROM users WHERE email = %s", (email,))
    # ok: python.sql-string-built
    cur.execute("SELECT COUNT(*) FROM users")
    return cur.fetchone()


def constant_only_queries(conn, ids):
    cur = conn.cursor()
    # Constant pieces only: nothing outside the code can change these queries.
    query = "SELECT name FROM users WHERE age=" + "3"
    # ok: python.sql-string-built
    cur.execute(query)
    # ok: python.sql-string-built
    cur.execute("SELECT * FROM t".format())
    # ok: python.sql-string-built
    cur.execute("SELECT * FROM t" % ())
    table = "users"
    # ok: python.sql-string-built
    cur.execute("SELECT * FROM %s" % table)
    marks = ",".join("?" * len(ids))
    # ok: python.sql-string-built
    cur.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join("?" * len(ids)), ids)
    sql = "SELECT * FROM t WHERE a = "
    sql += user_value()
    # ruleid: python.sql-string-built
    cur.execute(sql)
    # ruleid: python.sql-string-built
    cur.execute("SELECT * FROM t WHERE id = " + str(ids[0]) + " LIMIT 1")
    return marks


def backup(path):
    # ruleid: python.command-injection-shell
    subprocess.run(f"tar czf /backups/out.tgz {path}", shell=True, check=True)
    # ruleid: python.command-injection-shell
    os.system("gzip " + path)
    # ok: python.command-injection-shell
    subprocess.run(["tar", "czf", "/backups/out.tgz", path], check=True)
    # ok: python.command-injection-shell
    subprocess.run("ls -la /var/backups", shell=True)
    # ok: python.command-injection-shell
    os.system("sync")
    # ok: python.command-injection-shell
    subprocess.call(shlex.join(["gzip", path]), shell=True)
    # A shell's -c script from data runs it, shell=True or not.
    # ruleid: python.command-injection-shell
    subprocess.run(["bash", "-c", path], shell=True)
    # ruleid: python.command-injection-shell
    subprocess.run(["bash", "-c", path])
    # ok: python.command-injection-shell
    subprocess.run(["bash", "-c", "ls -la /var/backups"], shell=True)
    # ok: python.command-injection-shell
    subprocess.run(["ls", "-la", '/var/backups'], shell=True)
    # ok: python.command-injection-shell
    subprocess.run(["sync"], shell=True)
    # ok: python.command-injection-shell
    subprocess.Popen(["gzip", shlex.quote(path)], shell=True)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    # ruleid: python.command-injection, python.command-injection-shell
    out = subprocess.check_output("ping -c 1 " + host, shell=True)
    # ruleid: python.command-injection
    subprocess.run([request.form["tool"], "--version"])
    # ok: python.command-injection
    subprocess.run(["ping", "-c", "1", host])
    # ok: python.command-injection, python.command-injection-shell
    subprocess.run("ping -c 1 " + shlex.quote(host), shell=True)
    return out


def calculate(expression):
    # ruleid: python.code-injection-eval
    return eval(expression)


def run_plugin(source):
    # ruleid: python.code-injection-eval
    exec(source, {})
    # ok: python.code-injection-eval
    return eval("2 + 2")


@app.route("/ldap")
def ldap_lookup():
    user = request.args["user"]
    conn = ldap.initialize("ldap://localhost")
    # ruleid: python.ldap-injection
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + user + ")")
    safe = ldap.filter.escape_filter_chars(user)
    # ok: python.ldap-injection
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(uid=" + safe + ")")
    return "ok"


@app.route("/xpath")
def xpath_lookup():
    name = request.args.get("name")
    tree = etree.parse("users.xml")
    # ruleid: python.xpath-injection
    found = tree.xpath(f"//user[@name='{name}']")
    # ok: python.xpath-injection
    found = tree.xpath("//user[@name=$name]", name=name)
    return str(found)


@app.route("/xpath-etree")
def xpath_etree_lookup():
    name = request.args.get("name")
    root = ElementTree.parse("users.xml").getroot()
    # ruleid: python.xpath-injection
    found = root.findall(f".//user[@name='{name}']")
    # ok: python.xpath-injection
    found += [u for u in root.findall(".//user") if u.get("name") == name]
    # ok: python.xpath-injection
    position = name.find("@")
    return str(found[position:])


@app.route("/ldap-async")
def ldap_async_lookup():
    user = request.args["user"]
    conn = ldap.initialize("ldap://localhost")
    # ruleid: python.ldap-injection
    msgid = conn.search("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={user})")
    # ruleid: python.ldap-injection
    conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, filterstr="(cn=%s)" % user)
    return str(msgid)


GREETING = "<h1>Hello {{ name }}</h1>"


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    # ruleid: python.template-injection
    return render_template_string("<h1>Hello " + name + "</h1>")


@app.route("/hello2")
def hello2():
    name = request.args.get("name", "world")
    # ok: python.template-injection
    return render_template_string(GREETING, name=name)


def render_user_template(body):
    env = Environment()
    # ruleid: python.template-injection
    return env.from_string(body).render()


def render_fixed():
    # ok: python.template-injection
    return render_template_string("<p>{{ x }}</p>", x=1)


from audit.search import search


@app.route("/audit")
def audit_search():
    # ok: python.ldap-injection
    return search(db_conn, request.args.get("q"), limit=50)


@app.route("/keys")
def key_lookup():
    # ok: python.xpath-injection
    return store.keys.find(request.args["id"])


@app.route("/ping")
def ping_host():
    host = request.args.get("host")
    cmd = ["ping", "-c", "1", host]
    # ok: python.command-injection
    subprocess.run(cmd)
    allowed = {"list": "ls", "disk": "df"}
    program = allowed[request.args.get("tool")]
    # ok: python.command-injection
    subprocess.run([program, "-h"])
    # ruleid: python.command-injection
    subprocess.run([request.args.get("tool"), "-h"])
    return "ok"


PING_HOSTS = {"a.example.com", "b.example.com"}


@app.route("/ping")
def ping_any():
    host = request.args.get("host", "")
    # ruleid: python.command-injection, python.command-injection-shell
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout


@app.route("/ping-listed")
def ping_listed():
    host = request.args.get("host", "")
    if host not in PING_HOSTS:
        return "unknown host", 400
    # ok: python.command-injection, python.command-injection-shell
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout


@app.route("/ping-logged")
def ping_logged():
    host = request.args.get("host", "")
    if host not in PING_HOSTS:
        print("unknown host")  # a guard that only logs is not a guard
    # ruleid: python.command-injection, python.command-injection-shell
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout


@app.route("/lookup")
def lookup():
    user = request.args["user"]
    # ruleid: python.command-injection, python.command-injection-shell
    os.system(f"finger {user}")
    # ruleid: python.command-injection, python.command-injection-shell
    listing = os.popen("ls -l %s" % request.args["dir"]).read()
    # ruleid: python.command-injection, python.command-injection-shell
    who = subprocess.getoutput("id " + user)
    # ruleid: python.command-injection
    os.execl("/bin/sh", "sh", "-c", user)
    # ruleid: python.command-injection
    os.spawnlp(os.P_WAIT, "sh", "sh", "-c", user)
    # ok: python.command-injection, python.command-injection-shell
    os.system("finger " + shlex.quote(user))
    # ok: python.command-injection, python.command-injection-shell
    os.system(f"finger {shlex.quote(user)}")
    # ok: python.command-injection
    os.execlp("finger", "finger", shlex.quote(user))
    return listing + who


def cli_main():
    target = sys.argv[1]
    # ruleid: python.command-injection, python.command-injection-shell
    os.system("wc -l " + target)
    name = input("user: ")
    # ruleid: python.command-injection, python.command-injection-shell
    subprocess.call("id " + name, shell=True)
    # ruleid: python.command-injection, python.command-injection-shell
    pty.spawn(sys.argv[2])
    # ok: python.command-injection, python.command-injection-shell
    subprocess.run(["wc", "-l", target])
    # ok: python.command-injection-shell
    pty.spawn("/bin/bash")
    # ruleid: python.command-injection, python.command-injection-shell
    subprocess.run(["bash", "-c", sys.argv[3]])
    # ok: python.command-injection, python.command-injection-shell
    subprocess.run(["bash", "-c", "ls -l"])
    # ruleid: python.command-injection, python.command-injection-shell
    os.popen2("file " + target)
    # ruleid: python.command-injection
    subprocess.call("grep -R {} .".format(target))


@app.route("/table")
def table_any():
    table = request.args.get("table", "")
    conn = sqlite3.connect("app.db")
    # ruleid: python.sql-injection, python.sql-string-built
    return str(conn.execute(f"SELECT * FROM {table}").fetchall())


@app.route("/table-listed")
def table_listed():
    table = request.args.get("table", "")
    if table not in ("users", "orders"):
        raise ValueError("unknown table")
    conn = sqlite3.connect("app.db")
    # ok: python.sql-injection
    query = f"SELECT * FROM {table}"
    # ok: python.sql-injection, python.sql-string-built
    return str(conn.execute(query).fetchall())


@app.route("/sorted")
def sorted_items():
    column = request.args.get("sort", "id")
    if column not in ("id", "name"):
        column = "id"
    conn = sqlite3.connect("app.db")
    # ok: python.sql-injection, python.sql-string-built
    return str(conn.execute("SELECT * FROM items ORDER BY " + column).fetchall())


@app.route("/sorted-any")
def sorted_any():
    column = request.args.get("sort", "id")
    conn = sqlite3.connect("app.db")
    # ruleid: python.sql-injection, python.sql-string-built
    return str(conn.execute("SELECT * FROM items ORDER BY " + column).fetchall())


@app.route("/dns")
def dns_lookup():
    import re

    domain = request.args.get("domain", "")
    if not re.fullmatch(r"[a-zA-Z0-9.-]+", domain):
        abort(400)
    # ok: python.command-injection, python.command-injection-shell
    return subprocess.run(f"nslookup {domain}", shell=True, capture_output=True, text=True).stdout


@app.route("/dns-any")
def dns_any():
    domain = request.args.get("domain", "")
    # ruleid: python.command-injection, python.command-injection-shell
    return subprocess.run(f"nslookup {domain}", shell=True, capture_output=True, text=True).stdout


@app.route("/calc-op")
def calc_op():
    op = request.args.get("op", "add")
    formulas = {"add": "1 + 1", "mul": "2 * 3"}
    # ok: python.code-injection-eval
    return str(eval(formulas[op]))


@app.route("/calc-user")
def calc_user():
    op = request.args.get("op", "add")
    formulas = {"add": "1 + 1", "custom": request.args.get("expr", "")}
    # ruleid: python.code-injection-eval
    return str(eval(formulas.get(op, "0") + op))


@app.route("/plugin")
def load_plugin():
    import importlib

    name = request.args["module"]
    # ruleid: python.code-injection-import
    module = importlib.import_module(name)
    # ruleid: python.code-injection-import
    other = __import__(request.args["other"])
    plugins = {"csv": "exporters.csv", "json": "exporters.json"}
    # ok: python.code-injection-import
    chosen = importlib.import_module(plugins[request.args["fmt"]])
    # ok: python.code-injection-import
    fixed = importlib.import_module("exporters.csv")
    # ok: python.code-injection-import
    looked_up = importlib.import_module(plugins.get(request.args["fmt"], "exporters.csv"))
    return str((module, other, chosen, fixed, looked_up))


@app.route("/plugin-listed")
def load_plugin_listed():
    import importlib

    name = request.args["module"]
    if name not in ("json", "csv"):
        return "no", 400
    # ok: python.code-injection-import
    return str(importlib.import_module(name))


@app.route("/mongo")
def mongo_find():
    from pymongo import MongoClient

    users = MongoClient().app.users
    name = request.args["name"]
    # ruleid: python.nosql-injection
    found = users.find_one({"$where": "this.name == '" + name + "'"})
    # ok: python.nosql-injection
    same = users.find_one({"name": name})
    return str((found, same))


@app.route("/orm")
def orm_filter():
    name = request.args.get("name", "")
    # ruleid: python.sql-injection
    rows = User.query.filter(f"name = '{name}'").all()
    # ok: python.sql-injection
    same = User.query.filter_by(name=name).all()
    # ok: python.sql-injection
    also = User.query.filter(User.name == name).all()
    return str((rows, same, also))


@app.route("/ping-present")
def ping_present():
    # a presence check is not an allow-list
    if "host" not in request.args:
        return "missing host", 400
    host = request.args["host"]
    # ruleid: python.command-injection, python.command-injection-shell
    return subprocess.run("ping -c 1 " + host, shell=True, capture_output=True).stdout


def process_form(form, conn):
    if "user" not in form:
        raise ValueError("missing user")
    user = form["user"].value
    cursor = conn.cursor()
    # ruleid: python.sql-string-built
    cursor.execute("UPDATE games SET state='%s'" % user)


# ---- python.nosql-operator-injection ----
import json

from pymongo import MongoClient as _MongoClient

_users = _MongoClient()["app"]["users"]


@app.route("/nosql-login", methods=["POST"])
def nosql_login():
    data = request.get_json()
    # ruleid: python.nosql-operator-injection
    user = _users.find_one({"username": data["username"], "password": data["password"]})
    return "ok" if user else "no"


@app.route("/nosql-filter")
def nosql_filter():
    query = json.loads(request.args["filter"])
    # ruleid: python.nosql-operator-injection
    rows = list(_users.find(query, {"_id": 0}))
    return str(rows)


@app.route("/nosql-login-cast", methods=["POST"])
def nosql_login_cast():
    data = request.get_json()
    # ok: python.nosql-operator-injection
    user = _users.find_one({"username": str(data["username"])})
    return "ok" if user else "no"


@app.route("/nosql-form", methods=["POST"])
def nosql_form():
    # ok: python.nosql-operator-injection
    return str(_users.find_one({"username": request.form["username"]}))


def text_search(doc):
    body = request.get_json()
    # ok: python.nosql-operator-injection
    return doc.find(body["needle"])


# ---- python.sql-string-built: names from the configuration ----
def increment_option(cursor, key):
    # ok: python.sql-string-built
    cursor.execute("UPDATE {} SET count=count+1 WHERE name_option=?".format(CFG("options_table_name")), (key,))
    # ok: python.sql-string-built
    cursor.execute("SELECT * FROM {} WHERE id=?".format(app.config["USERS_TABLE"]), (key,))
    # ruleid: python.sql-string-built
    cursor.execute("SELECT * FROM {} WHERE id=?".format(CFG(key)), (key,))


def CFG(name):
    return {"options_table_name": "options"}[name]
