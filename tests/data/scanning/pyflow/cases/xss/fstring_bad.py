from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-fstring', methods=['GET', 'POST'])
def xss_fstring():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    bar = f"{param}-suffix"
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
