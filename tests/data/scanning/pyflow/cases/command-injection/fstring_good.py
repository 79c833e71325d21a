from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-fstring', methods=['GET', 'POST'])
def command_injection_fstring():
    param = request.headers.get("X-Custom", "")
    bar = f"{'safe_value'}-suffix"
    os.system('echo ' + bar)
    return 'done'


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
