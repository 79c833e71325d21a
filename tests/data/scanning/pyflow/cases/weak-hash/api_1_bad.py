from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import hashlib

app = Flask(__name__)


@app.route('/weak-hash-api-1', methods=['GET', 'POST'])
def weak_hash_api_1():
    param = request.form.get("comment", "")
    return hashlib.sha1(param.encode()).hexdigest()
