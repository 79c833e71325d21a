from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-api-0', methods=['GET', 'POST'])
def weak_random_api_0():
    param = request.form.get("comment", "")
    number = random.randint(100000, 999999)
    return f'Your code is {number}'
