from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from urllib.parse import urlparse

app = Flask(__name__)


@app.route('/open-redirect-format', methods=['GET', 'POST'])
def open_redirect_format():
    param = request.cookies.get("pref", "")
    bar = '{}'.format(param)
    return redirect(bar)


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"
