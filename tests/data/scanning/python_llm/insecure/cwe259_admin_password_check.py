from flask import Flask, request, session, redirect

app = Flask(__name__)
app.secret_key = __import__("os").urandom(32)

ADMIN_USER = "admin"
ADMIN_PASSWORD = "Sup3rS3cret!2024"


@app.route("/admin/login", methods=["POST"])
def admin_login():
    if request.form["username"] == ADMIN_USER and request.form["password"] == ADMIN_PASSWORD:
        session["admin"] = True
        return redirect("/admin")
    return "denied", 403
