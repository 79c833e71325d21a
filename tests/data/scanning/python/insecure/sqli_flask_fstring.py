import sqlite3
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/users/search")
def search_users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
    cursor = conn.cursor()
    cursor.execute(f"SELECT id, name, email FROM users WHERE name LIKE '%{name}%'")
    rows = cursor.fetchall()
    conn.close()
    return jsonify([{"id": r[0], "name": r[1], "email": r[2]} for r in rows])
