from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-list_pop', methods=['GET', 'POST'])
def sql_injection_list_pop():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    items = ['safe_value', param, 'safe_value']
    items.pop(1)
    bar = items[0]
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
