from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/trust-boundary-config', methods=['GET', 'POST'])
def trust_boundary_config():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    conf = configparser.ConfigParser()
    conf.add_section('s')
    conf.set('s', 'keyA', 'safe_value')
    conf.set('s', 'keyB', param)
    bar = conf.get('s', 'keyA')
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
