from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-safe-api', methods=['GET', 'POST'])
def weak_hash_safe_api():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    return hashlib.sha256(param.encode()).hexdigest()
