from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/insecure-cookie-ternary', methods=['GET', 'POST'])
def insecure_cookie_ternary():
    param = request.headers.get("X-Custom", "")
    num = 106
    bar = True if (7 * 18) + num > 200 else False
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
