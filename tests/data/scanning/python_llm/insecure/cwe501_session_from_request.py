from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = __import__("os").environ["SECRET_KEY"]


@app.route("/set-role")
def set_role():
    session["role"] = request.args.get("role", "user")
    return "ok"
