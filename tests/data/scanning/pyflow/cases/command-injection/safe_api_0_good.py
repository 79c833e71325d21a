from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-safe-api', methods=['GET', 'POST'])
def command_injection_safe_api():
    param = request.cookies.get("pref", "")
    subprocess.run('ls ' + shlex.quote(param), shell=True)
