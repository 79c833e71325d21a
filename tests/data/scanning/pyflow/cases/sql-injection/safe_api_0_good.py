from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-safe-api', methods=['GET', 'POST'])
def sql_injection_safe_api():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    conn = sqlite3.connect('app.db')
    rows = conn.execute('SELECT * FROM users WHERE name = ?', (param,)).fetchall()
    return str(len(rows))
