from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-if_arith', methods=['GET', 'POST'])
def weak_hash_if_arith():
    param = request.values["q"]
    num = 86
    if (7 * 42) - num > 200:
        bar = 'md5'
    else:
        bar = 'sha256'
    digest = hashlib.new(bar)
    digest.update(param.encode())
    return digest.hexdigest()


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
