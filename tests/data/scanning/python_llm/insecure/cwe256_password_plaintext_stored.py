import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/register", methods=["POST"])
def register():
    username = request.form["username"]
    password = request.form["password"]
    db = sqlite3.connect("users.db")
    db.execute("INSERT INTO users (username, password) VALUES (?, ?)", (username, password))
    db.commit()
    return "registered", 201
