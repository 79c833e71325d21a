from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-safe-api', methods=['GET', 'POST'])
def command_injection_safe_api():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    subprocess.run(['ls', '-l', param], check=False)
