from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-base64', methods=['GET', 'POST'])
def xss_base64():
    param = request.form.get("comment", "")
    encoded = base64.b64encode(str('safe_value').encode('utf-8'))
    bar = base64.b64decode(encoded).decode('utf-8')
    return make_response('<p>Hello ' + bar + '</p>')


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
