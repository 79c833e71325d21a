from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import ast

app = Flask(__name__)


@app.route('/code-injection-safe-api', methods=['GET', 'POST'])
def code_injection_safe_api():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    result = ast.literal_eval(param)
    return str(result)
