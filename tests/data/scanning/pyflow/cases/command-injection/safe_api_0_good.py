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
    param = request.cookies.get("pref", "")
    subprocess.run('ls ' + shlex.quote(param), shell=True)
