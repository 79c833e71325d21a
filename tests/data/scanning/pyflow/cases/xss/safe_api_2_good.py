from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-safe-api', methods=['GET', 'POST'])
def xss_safe_api():
    param = request.form.get("comment", "")
    return jsonify(greeting=param)
