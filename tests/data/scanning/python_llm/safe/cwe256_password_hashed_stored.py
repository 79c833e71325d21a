import sqlite3

from flask import Flask, request
from werkzeug.security import generate_password_hash

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password_hash = generate_password_hash(request.form["password"])
    db = sqlite3.connect("users.db")
    db.execute("INSERT INTO users (username, password_hash) VALUES (?, ?)", (username, password_hash))
    db.commit()
    return "registered", 201
