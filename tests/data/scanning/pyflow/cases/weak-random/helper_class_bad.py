from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-helper_class', methods=['GET', 'POST'])
def weak_random_helper_class():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    thing = Relay()
    bar = thing.forward(str(random.random()))
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
