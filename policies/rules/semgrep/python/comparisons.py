import hashlib
import hmac
import os
import secrets

from flask import Flask, abort, request

app = Flask(__name__)
WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"].encode()
API_TOKEN = os.environ["API_TOKEN"]


@app.route("/hook", methods=["POST"])
def hook():
    expected = hmac.new(WEBHOOK_SECRET, request.data, hashlib.sha256).hexdigest()
    # ruleid: python.secret-compare-timing
    if request.headers.get("X-Signature") != expected:
        abort(401)
    return "ok"


def inline(sig, body):
    # ruleid: python.secret-compare-timing
    return sig == hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()


def authorized(headers):
    token = headers.get("X-Api-Token", "")
    # ruleid: python.secret-compare-timing
    return token == API_TOKEN


def authorized_safely(headers):
    # ok: python.secret-compare-timing
    return secrets.compare_digest(headers.get("X-Api-Token", ""), API_TOKEN)


def empty_token(token):
    # ok: python.secret-compare-timing
    return token == ""


def same_method(method):
    # ok: python.secret-compare-timing
    return method == "POST"


def hook_safely(body, sig):
    expected = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()
    # ok: python.secret-compare-timing
    return hmac.compare_digest(sig, expected)


def is_admin(role):
    # ruleid: python.string-identity-compare
    return role is "admin"


def verify(supplied, expected):
    # ruleid: python.string-identity-compare
    return supplied is expected


def missing(token):
    # ok: python.string-identity-compare
    return token is None


def same(a, b):
    # ok: python.string-identity-compare
    return a is b


def kick(action):
    # ok: python.string-identity-compare
    return action is "kick"


def not_empty(user_role):
    # ok: python.string-identity-compare
    return user_role is not ""
