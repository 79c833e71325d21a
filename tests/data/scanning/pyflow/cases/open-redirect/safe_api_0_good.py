from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from urllib.parse import urlparse

app = Flask(__name__)


@app.route('/open-redirect-safe-api', methods=['GET', 'POST'])
def open_redirect_safe_api():
    param = request.headers.get("X-Custom", "")
    if urlparse(param).netloc not in ('', 'example.com'):
        abort(400)
    return redirect(param)
