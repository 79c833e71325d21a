from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-dict_get', methods=['GET', 'POST'])
def xss_dict_get():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    table = {'a': 'safe_value', 'b': param}
    bar = table.get('b')
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
