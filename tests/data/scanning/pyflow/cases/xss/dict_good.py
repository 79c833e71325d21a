from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-dict', methods=['GET', 'POST'])
def xss_dict():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    lookup = {}
    lookup['keyA'] = 'safe_value'
    lookup['keyB'] = param
    bar = lookup['keyA']
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
