import random

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/start")
def start():
    session_id = "%032x" % random.getrandbits(128)
    resp = make_response("ok")
    resp.set_cookie("session_id", session_id, secure=True, httponly=True)
    return resp
