from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-ternary', methods=['GET', 'POST'])
def xss_ternary():
    param = request.form.get("comment", "")
    num = 106
    bar = 'safe_value' if (7 * 18) + num > 200 else param
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
