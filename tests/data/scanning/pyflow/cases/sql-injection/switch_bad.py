from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-switch', methods=['GET', 'POST'])
def sql_injection_switch():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    guess = 'ABC'
    target = guess[1]
    if target == 'A':
        bar = 'safe_value'
    elif target == 'B':
        bar = param
    else:
        bar = 'safe_value'
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
