from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/trust-boundary-switch', methods=['GET', 'POST'])
def trust_boundary_switch():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    guess = 'ABC'
    target = guess[1]
    if target == 'A':
        bar = param
    elif target == 'B':
        bar = 'safe_value'
    else:
        bar = param
    session['userid'] = bar
    return 'stored'


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
