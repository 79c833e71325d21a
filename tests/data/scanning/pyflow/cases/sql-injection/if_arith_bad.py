from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-if_arith', methods=['GET', 'POST'])
def sql_injection_if_arith():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    num = 86
    if (7 * 42) - num > 200:
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


class Fixed:
    def forward(self, value):
        return "fixed"
