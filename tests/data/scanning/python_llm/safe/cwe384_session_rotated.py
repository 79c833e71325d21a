import secrets

from flask import Flask, make_response, request

app = Flask(__name__)
SESSIONS = {}


@app.route("/login", methods=["POST"])
def login():
    user = authenticate(request.form["username"], request.form["password"])
    if user is None:
        return "denied", 403
    SESSIONS.pop(request.cookies.get("sid"), None)
    sid = secrets.token_urlsafe(32)
    SESSIONS[sid] = user
    resp = make_response("welcome")
    resp.set_cookie("sid", sid, secure=True, httponly=True, samesite="Lax")
    return resp


def authenticate(username, password):
    return None
