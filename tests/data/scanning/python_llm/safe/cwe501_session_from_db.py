import os

from flask import Flask, session

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]


@app.route("/refresh-role")
def refresh_role():
    user_id = session.get("user_id")
    session["role"] = lookup_role(user_id) if user_id else "anonymous"
    return "ok"


def lookup_role(user_id):
    return "user"
