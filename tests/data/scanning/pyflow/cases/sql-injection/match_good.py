from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-match', methods=['GET', 'POST'])
def sql_injection_match():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    selector = 'xyz'[2]
    match selector:
        case 'x':
            bar = param
        case 'z':
            bar = 'safe_value'
        case _:
            bar = param
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
