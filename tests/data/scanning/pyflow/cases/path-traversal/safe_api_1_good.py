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
    param = request.headers.get("X-Custom", "")
    full = os.path.realpath(os.path.join('/srv/files', param))
    if not full.startswith('/srv/files/'):
        abort(403)
    with open(full, 'rb') as handle:
        return handle.read()[:100]
