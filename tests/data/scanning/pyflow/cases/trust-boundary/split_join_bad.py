from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/trust-boundary-split_join', methods=['GET', 'POST'])
def trust_boundary_split_join():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    parts = ' '.join(['safe_value', param]).split(' ')
    bar = parts[-1]
    session['userid'] = bar
    return 'stored'


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"
