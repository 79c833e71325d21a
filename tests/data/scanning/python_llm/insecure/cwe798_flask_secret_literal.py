from flask import Flask, session

app = Flask(__name__)
app.secret_key = "f3b2c1d9a8e74a6b9c0d1e2f3a4b5c6d"


@app.route("/")
def index():
    session["visits"] = session.get("visits", 0) + 1
    return str(session["visits"])
