from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = authenticate(request.form["username"], request.form["password"])
    if user is None:
        return "Invalid credentials", 401
    session["user_id"] = user.id
    next_url = request.args.get("next", "/")
    return redirect(next_url)
