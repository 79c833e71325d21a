from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-match_or', methods=['GET', 'POST'])
def path_traversal_match_or():
    param = request.headers.get("X-Custom", "")
    selector = 'ABCD'[1]
    match selector:
        case 'A' | 'B':
            bar = 'safe_value'
        case 'C' | 'D':
            bar = param
        case _:
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
