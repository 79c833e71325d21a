from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-api-0', methods=['GET', 'POST'])
def command_injection_api_0():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    subprocess.run(['sh', '-c', 'ls ' + param])
    return 'done'
