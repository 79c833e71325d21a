from flask import Flask, make_response

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    resp = make_response("logged in")
    resp.set_cookie("session_token", "abc", httponly=True)
    return resp
