import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    rows = conn.execute(f"SELECT id, email FROM users WHERE name = '{name}'").fetchall()
    return jsonify(rows)
