from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-api-2', methods=['GET', 'POST'])
def command_injection_api_2():
    param = request.values["q"]
    out = subprocess.check_output('grep ' + param + ' /var/log/app.log', shell=True)
    return out
