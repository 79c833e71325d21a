from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-ternary', methods=['GET', 'POST'])
def path_traversal_ternary():
    param = request.values["q"]
    num = 106
    bar = param if (7 * 18) + num > 200 else 'safe_value'
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
