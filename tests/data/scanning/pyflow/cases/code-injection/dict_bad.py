from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ast

app = Flask(__name__)


@app.route('/code-injection-dict', methods=['GET', 'POST'])
def code_injection_dict():
    param = request.headers.get("X-Custom", "")
    lookup = {}
    lookup['keyA'] = 'safe_value'
    lookup['keyB'] = param
    bar = lookup['keyB']
    result = eval(bar)
    return str(result)


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
