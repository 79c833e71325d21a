import logging
import re

from flask import Flask, Response, make_response, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    # ruleid: python.log-injection
    logging.info("Login attempt for " + user)
    # ruleid: python.log-injection
    app.logger.warning(f"Failed login for {user}")
    # ruleid: python.log-injection
    log.error("bad password for %s", user)
    # ok: python.log-injection
    logging.info("Login attempt for %s", user.replace("\r", "").replace("\n", ""))
    # ok: python.log-injection
    log.info("Login attempt for %r", repr(user))
    # ok: python.log-injection
    logging.info("Login attempt")
    # ok: python.log-injection
    log.debug("name length %d", len(user))
    return "ok"


@app.route("/download")
def download():
    name = request.args["name"]
    resp = make_response("data")
    # ruleid: python.header-injection
    resp.headers["Content-Disposition"] = "attachment; filename=" + name
    # ruleid: python.header-injection
    resp.headers.add("X-Requested", request.args["v"])
    # ok: python.header-injection
    resp.headers["X-Safe"] = name.replace("\r", "").replace("\n", "")
    # ok: python.header-injection
    resp.headers["Cache-Control"] = "no-store"
    return resp


@app.route("/lang")
def lang():
    # ruleid: python.header-injection
    return Response("ok", headers={"Content-Language": request.args["lang"]})


@app.route("/lang-listed")
def lang_listed():
    code = request.args.get("lang", "en")
    if code not in ("en", "de"):
        return "unknown", 400
    # ok: python.header-injection
    return Response("ok", headers={"Content-Language": code})


def configure(app):
    # ruleid: python.flask-csrf-disabled
    app.config["WTF_CSRF_ENABLED"] = False
    # ok: python.flask-csrf-disabled
    app.config["WTF_CSRF_ENABLED"] = True
    # ok: python.flask-csrf-disabled
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600


class TestingConfig:
    DEBUG = False
    # ruleid: python.flask-csrf-disabled
    WTF_CSRF_ENABLED = False


# ruleid: python.flask-csrf-disabled
@csrf.exempt
def transfer():
    return "sent"


def search(pattern, text):
    # ok: python.log-injection
    logging.debug("searching")
    return re.search(pattern, text)
