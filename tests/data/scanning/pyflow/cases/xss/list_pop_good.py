from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-list_pop', methods=['GET', 'POST'])
def xss_list_pop():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    items = ['safe_value', param, 'safe_value']
    items.pop(1)
    bar = items[0]
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
