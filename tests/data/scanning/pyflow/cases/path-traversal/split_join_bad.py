from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-split_join', methods=['GET', 'POST'])
def path_traversal_split_join():
    param = request.cookies.get("pref", "")
    parts = ' '.join(['safe_value', param]).split(' ')
    bar = parts[-1]
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
