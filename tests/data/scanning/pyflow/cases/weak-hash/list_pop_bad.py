from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-list_pop', methods=['GET', 'POST'])
def weak_hash_list_pop():
    param = request.cookies.get("pref", "")
    items = ['sha256', 'md5', 'sha256']
    items.pop(0)
    bar = items[0]
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
