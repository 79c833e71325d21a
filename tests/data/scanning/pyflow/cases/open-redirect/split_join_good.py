from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from urllib.parse import urlparse

app = Flask(__name__)


@app.route('/open-redirect-split_join', methods=['GET', 'POST'])
def open_redirect_split_join():
    param = request.cookies.get("pref", "")
    parts = ['safe_value', param]
    bar = parts[0].upper()
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


class Fixed:
    def forward(self, value):
        return "fixed"
