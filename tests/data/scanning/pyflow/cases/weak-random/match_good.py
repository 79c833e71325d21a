from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-match', methods=['GET', 'POST'])
def weak_random_match():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    selector = 'xyz'[2]
    match selector:
        case 'x':
            bar = str(random.random())
        case 'z':
            bar = secrets.token_hex(16)
        case _:
            bar = str(random.random())
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
