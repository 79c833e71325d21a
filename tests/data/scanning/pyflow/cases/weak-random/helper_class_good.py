from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-helper_class', methods=['GET', 'POST'])
def weak_random_helper_class():
    param = request.form.get("comment", "")
    thing = Relay()
    bar = thing.fixed(str(random.random()))
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
