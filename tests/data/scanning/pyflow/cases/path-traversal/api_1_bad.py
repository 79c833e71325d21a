from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-api-1', methods=['GET', 'POST'])
def path_traversal_api_1():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    import pathlib
    base = pathlib.Path('/srv/files')
    return (base / param).resolve().read_text()[:100]
