import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("logged in")
    resp.set_cookie("session_token", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Strict")
    return resp
