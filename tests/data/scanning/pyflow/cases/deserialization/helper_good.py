from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import pickle
import yaml

app = Flask(__name__)


@app.route('/deserialization-helper', methods=['GET', 'POST'])
def deserialization_helper():
    param = request.values["q"]
    bar = constant_of(param)
    obj = pickle.loads(base64.b64decode(bar))
    return str(obj)


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
