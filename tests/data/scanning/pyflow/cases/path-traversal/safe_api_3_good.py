from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-safe-api', methods=['GET', 'POST'])
def path_traversal_safe_api():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    if '..' in param or param.startswith('/'):
        abort(400)
    with open('/srv/files/' + param, 'rb') as handle:
        return handle.read()[:100]
