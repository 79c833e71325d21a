from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-if_arith', methods=['GET', 'POST'])
def weak_hash_if_arith():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    num = 86
    if (7 * 42) - num > 200:
        bar = 'sha256'
    else:
        bar = 'md5'
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
