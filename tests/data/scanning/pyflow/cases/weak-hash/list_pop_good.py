from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-list_pop', methods=['GET', 'POST'])
def weak_hash_list_pop():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    items = ['sha256', 'md5', 'sha256']
    items.pop(1)
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


class Fixed:
    def forward(self, value):
        return "fixed"
