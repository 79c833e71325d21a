from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/insecure-cookie-switch', methods=['GET', 'POST'])
def insecure_cookie_switch():
    param = request.cookies.get("pref", "")
    guess = 'ABC'
    target = guess[1]
    if target == 'A':
        bar = True
    elif target == 'B':
        bar = False
    else:
        bar = True
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
