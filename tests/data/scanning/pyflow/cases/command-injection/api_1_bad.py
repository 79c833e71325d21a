from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
import subprocess
import shlex

app = Flask(__name__)


@app.route('/command-injection-api-1', methods=['GET', 'POST'])
def command_injection_api_1():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    import platform
    argv = []
    if platform.system() == 'Windows':
        argv.append('cmd.exe')
        argv.append('/c')
    else:
        argv.append('sh')
        argv.append('-c')
    argv.append(f'echo {param}')
    return subprocess.run(argv, capture_output=True, text=True).stdout
