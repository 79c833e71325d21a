from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/trust-boundary-match', methods=['GET', 'POST'])
def trust_boundary_match():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    selector = 'xyz'[2]
    match selector:
        case 'x':
            bar = 'safe_value'
        case 'z':
            bar = param
        case _:
            bar = 'safe_value'
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
