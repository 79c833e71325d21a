from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/insecure-cookie-helper', methods=['GET', 'POST'])
def insecure_cookie_helper():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    bar = pass_through(False)
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
