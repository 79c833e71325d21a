from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-base64', methods=['GET', 'POST'])
def sql_injection_base64():
    param = request.form.get("comment", "")
    encoded = base64.b64encode(str(param).encode('utf-8'))
    bar = base64.b64decode(encoded).decode('utf-8')
    conn = sqlite3.connect('app.db')
    rows = conn.execute("SELECT * FROM users WHERE name = '" + bar + "'").fetchall()
    return str(len(rows))


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"


class Fixed:
    def forward(self, value):
        return "fixed"
