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
    param = request.cookies.get("pref", "")
    import pathlib
    base = pathlib.Path('/srv/files')
    target = (base / param).resolve()
    if not str(target).startswith(str(base)):
        abort(403)
    return target.read_text()[:100]
