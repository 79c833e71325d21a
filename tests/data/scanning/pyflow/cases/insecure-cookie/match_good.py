from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/insecure-cookie-match', methods=['GET', 'POST'])
def insecure_cookie_match():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    selector = 'xyz'[2]
    match selector:
        case 'x':
            bar = False
        case 'z':
            bar = True
        case _:
            bar = False
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
