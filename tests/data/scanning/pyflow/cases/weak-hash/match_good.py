from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-match', methods=['GET', 'POST'])
def weak_hash_match():
    param = request.args.get("name", "")
    selector = 'xyz'[2]
    match selector:
        case 'x':
            bar = 'md5'
        case 'z':
            bar = 'sha256'
        case _:
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
