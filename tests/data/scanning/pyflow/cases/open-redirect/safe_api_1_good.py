from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from urllib.parse import urlparse

app = Flask(__name__)


@app.route('/open-redirect-safe-api', methods=['GET', 'POST'])
def open_redirect_safe_api():
    param = request.cookies.get("pref", "")
    allowed = {'/home', '/profile'}
    if param not in allowed:
        return redirect('/home')
    return redirect(param)
