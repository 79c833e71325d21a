from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-if_arith', methods=['GET', 'POST'])
def xss_if_arith():
    param = request.args.get("name", "")
    num = 86
    if (7 * 42) - num > 200:
        bar = param
    else:
        bar = 'safe_value'
    return make_response('<p>Hello ' + bar + '</p>')


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"
