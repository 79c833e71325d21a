from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ast

app = Flask(__name__)


@app.route('/code-injection-api-0', methods=['GET', 'POST'])
def code_injection_api_0():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    exec('value = ' + param)
    return 'ok'
