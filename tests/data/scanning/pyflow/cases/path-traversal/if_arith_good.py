from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-if_arith', methods=['GET', 'POST'])
def path_traversal_if_arith():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    num = 86
    if (7 * 42) - num > 200:
        bar = 'safe_value'
    else:
        bar = param
    path = os.path.join('/srv/files', bar)
    with open(path, 'rb') as handle:
        return handle.read()[:100]


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
