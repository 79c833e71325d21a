from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/trust-boundary-ternary', methods=['GET', 'POST'])
def trust_boundary_ternary():
    param = request.cookies.get("pref", "")
    num = 106
    bar = 'safe_value' if (7 * 18) + num > 200 else param
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
