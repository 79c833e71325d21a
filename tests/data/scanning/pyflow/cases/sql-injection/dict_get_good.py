from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-dict_get', methods=['GET', 'POST'])
def sql_injection_dict_get():
    param = request.cookies.get("pref", "")
    table = {'a': 'safe_value', 'b': param}
    bar = table.get('a')
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
