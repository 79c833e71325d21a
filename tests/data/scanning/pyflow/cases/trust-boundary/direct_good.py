from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/trust-boundary-direct', methods=['GET', 'POST'])
def trust_boundary_direct():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    bar = 'safe_value'
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
