from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-list_append', methods=['GET', 'POST'])
def xss_list_append():
    param = request.values["q"]
    items = []
    items.append('safe_value')
    items.append(param)
    items.append('safe_value')
    items.remove(items[0])
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
