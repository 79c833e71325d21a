import html

from flask import Flask, Response, escape, jsonify, make_response, render_template, render_template_string, request, session

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: python.reflected-xss
    return "<h1>Hello " + name + "</h1>"


@app.route("/greet")
def greet():
    name = request.args.get("name", "")
    # ruleid: python.reflected-xss
    return make_response(f"<p>Hi {name}</p>")


@app.route("/echo/<word>")
def echo(word):
    # ruleid: python.reflected-xss
    return Response("You said: %s" % word)


@app.route("/hello-safe")
def hello_safe():
    name = request.args.get("name", "")
    # ok: python.reflected-xss
    return "<h1>Hello " + escape(name) + "</h1>"


@app.route("/greet-safe")
def greet_safe():
    name = request.args.get("name", "")
    # ok: python.reflected-xss
    return make_response(f"<p>Hi {html.escape(name)}</p>")


@app.route("/render")
def render():
    # ok: python.reflected-xss
    return render_template("hello.html", name=request.args.get("name"))


@app.route("/api")
def api():
    # ok: python.reflected-xss
    return jsonify(name=request.args.get("name"))


@app.route("/text")
def text():
    # ok: python.reflected-xss
    return Response(request.args.get("q", ""), mimetype="text/plain")


@app.route("/count/<int:n>")
def count(n: int):
    # ok: python.reflected-xss
    return "<p>%d</p>" % n


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("ok")
    # ruleid: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie("session_id", "abc")
    # ruleid: python.cookie-missing-flags
    resp.set_cookie("token", "abc", httponly=True)
    # ruleid: python.cookie-missing-httponly
    resp.set_cookie("token", "abc", secure=True)
    # ok: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie("token", "abc", secure=True, httponly=True, samesite="Lax")
    # ok: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie("old", "", expires=0)
    # ruleid: python.cookie-missing-flags
    resp.set_cookie("token", "abc", secure=False, httponly=True)
    # ruleid: python.cookie-missing-httponly
    resp.set_cookie("token", "abc", secure=True, httponly=False)
    # ok: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie("sid", "abc", secure=app.config["SESSION_COOKIE_SECURE"], httponly=True)
    # A flag turned off in a call written over several lines is reported at the keyword's line.
    # ok: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie(
        "token",
        "abc",
        # ruleid: python.cookie-missing-flags
        secure=False,
        # ruleid: python.cookie-missing-httponly
        httponly=False,
    )
    # ok: python.cookie-missing-flags, python.cookie-missing-httponly
    resp.set_cookie(
        "old",
        "",
        # ok: python.cookie-missing-flags
        secure=False,
    )
    return resp


def configure_cookies(app):
    # ruleid: python.session-cookie-config-insecure
    app.config["SESSION_COOKIE_SECURE"] = False
    # ruleid: python.session-cookie-config-no-httponly
    app.config["SESSION_COOKIE_HTTPONLY"] = False
    # ok: python.session-cookie-config-insecure, python.session-cookie-config-no-httponly
    app.config["SESSION_COOKIE_SECURE"] = True


@app.route("/prefs", methods=["POST"])
def prefs():
    # ruleid: python.session-trust-boundary
    session["role"] = request.form["role"]
    allowed = {"light": "light", "dark": "dark"}
    # ok: python.session-trust-boundary
    session["theme"] = allowed[request.form["theme"]]
    # ok: python.session-trust-boundary
    session["visits"] = int(request.form.get("visits", "0"))
    # ok: python.session-trust-boundary
    session["user_id"] = 42
    return "ok"


GREETING = "<h1>Welcome, {{ name }}!</h1>"


@app.route("/welcome")
def welcome():
    # ok: python.reflected-xss
    return render_template_string(GREETING, name=request.args.get("name"))


@app.route("/me")
def me():
    # ok: python.reflected-xss
    return {"user": request.cookies.get("user")}


@app.route("/digest")
def digest_echo():
    data = request.args.get("data", "")
    # ruleid: python.reflected-xss
    return "<p>" + data + " hashed</p>"


@app.route("/digest-safe")
def digest_safe():
    import hashlib

    data = request.args.get("data", "")
    hasher = hashlib.sha256()
    hasher.update(data.encode())
    # ok: python.reflected-xss
    return "<p>Digest: " + hasher.hexdigest() + "</p>"


@app.route("/encoded-safe")
def encoded_safe():
    import base64

    data = request.form.get("data", "")
    # ok: python.reflected-xss
    return make_response("<p>" + base64.b64encode(data.encode()).decode() + "</p>")


@app.route("/file-view")
def file_view():
    name = request.args.get("name", "")
    if name not in ("a.txt", "b.txt"):
        return "no", 400
    # ok: python.reflected-xss
    return "<pre>" + name + "</pre>"


@app.route("/file-view-any")
def file_view_any():
    name = request.args.get("name", "")
    with open("/srv/" + name) as fh:
        content = fh.read()
    # ok: python.reflected-xss
    return "<pre>" + content + "</pre>"


def copy_cookies(jar, cookies):
    for cookie in cookies:
        # ok: python.cookie-missing-flags
        jar.set_cookie(cookie)


@app.route("/parse-json")
def parse_json():
    import ast
    import json

    import yaml

    # ok: python.reflected-xss
    first = str(json.loads(request.data))
    # ok: python.reflected-xss
    second = str(ast.literal_eval(request.args["expr"]))
    # ok: python.reflected-xss
    return first + second + str(yaml.safe_load(request.data))


@app.route("/parse-xml", methods=["POST"])
def parse_xml():
    import defusedxml.ElementTree as ET

    root = ET.fromstring(request.data)
    # ok: python.reflected-xss
    return root.tag


@app.route("/fetch-page")
def fetch_page():
    import requests

    # ok: python.reflected-xss
    return requests.get("https://api.example.com/items/" + str(int(request.args["id"])), timeout=5).text


@app.route("/echo-upper")
def echo_upper():
    # the request's own text, transformed, is still echoed
    # ruleid: python.reflected-xss
    return "<b>" + request.args["q"].upper() + "</b>"


@app.route("/login-verified", methods=["POST"])
def login_verified():
    from werkzeug.security import check_password_hash

    user = request.form["username"]
    row = lookup_user(user)
    if row and check_password_hash(row.pw_hash, request.form["password"]):
        # ok: python.session-trust-boundary
        session["user"] = user
        return "welcome"
    # ruleid: python.session-trust-boundary
    session["last_try"] = user
    return "invalid", 401


@app.route("/comment", methods=["POST"])
def comment():
    text = request.form["comment"]
    # ruleid: python.reflected-xss
    page = Response('<div class="c">' + text + "</div>", mimetype="text/html")
    # ok: python.reflected-xss
    plain = Response("You said: " + text, mimetype="text/plain")
    # ok: python.reflected-xss
    return page


@app.route("/jinja")
def jinja_direct():
    from jinja2 import Environment, Template, select_autoescape

    name = request.args.get("name", "")
    # ruleid: python.jinja2-template-unescaped
    first = Template("<p>Hello {{ name }}</p>").render(name=name)
    env = Environment()
    # ruleid: python.jinja2-template-unescaped
    second = env.from_string("<p>{{ n }}</p>").render(n=name)
    safe_env = Environment(autoescape=select_autoescape(["html"]))
    # ok: python.jinja2-template-unescaped, python.reflected-xss
    third = safe_env.from_string("<p>{{ n }}</p>").render(n=name)
    # ok: python.jinja2-template-unescaped
    fourth = Template("Hello {{ n }}").render(n="world")
    return first + second + third + fourth


@app.route("/bio")
def bio():
    # ruleid: python.template-unescaped-request-data
    first = render_template_string("<p>{{ bio|safe }}</p>", bio=request.args["bio"])
    text = request.args.get("text", "")
    # ruleid: python.template-unescaped-request-data
    second = render_template_string("{% autoescape false %}{{ t }}{% endautoescape %}", t=text)
    # ok: python.template-unescaped-request-data
    third = render_template_string("<p>{{ bio }}</p>", bio=request.args["bio"])
    return jsonify(first=first, second=second, third=third)


@app.route("/greeting")
def greeting():
    rendered = render_template_string("<p>Hello {{ name }}</p>", name=request.args["name"])
    # ok: python.reflected-xss
    return rendered
