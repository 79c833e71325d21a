from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-ternary', methods=['GET', 'POST'])
def weak_random_ternary():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    num = 106
    bar = str(random.random()) if (7 * 18) + num > 200 else secrets.token_hex(16)
    resp = make_response('ok')
    resp.set_cookie('remember_me', bar, secure=True, httponly=True)
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
