import os

from flask import Flask, session

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY") or os.urandom(32)


@app.route("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])
