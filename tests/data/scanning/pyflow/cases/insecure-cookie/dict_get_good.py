from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/insecure-cookie-dict_get', methods=['GET', 'POST'])
def insecure_cookie_dict_get():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    table = {'a': True, 'b': False}
    bar = table.get('a')
    resp = make_response('ok')
    resp.set_cookie('theme', 'dark', secure=bar, httponly=True)
    return resp


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
