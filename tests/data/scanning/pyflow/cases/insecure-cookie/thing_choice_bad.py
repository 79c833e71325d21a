from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/insecure-cookie-thing_choice', methods=['GET', 'POST'])
def insecure_cookie_thing_choice():
    param = request.form.get("comment", "")
    thing = Relay() if 3 * 7 > 20 else Fixed()
    bar = thing.forward(False)
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
