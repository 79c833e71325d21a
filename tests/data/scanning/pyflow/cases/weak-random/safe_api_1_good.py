from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-safe-api', methods=['GET', 'POST'])
def weak_random_safe_api():
    param = request.args.get("name", "")
    generator = random.SystemRandom()
    session['user_id'] = str(generator.getrandbits(64))
    return 'ok'
