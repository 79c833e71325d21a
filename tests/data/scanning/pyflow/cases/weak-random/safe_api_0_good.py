from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import random
import secrets

app = Flask(__name__)


@app.route('/weak-random-safe-api', methods=['GET', 'POST'])
def weak_random_safe_api():
    param = request.values["q"]
    token = secrets.token_urlsafe(32)
    session['csrf'] = token
    return 'ok'
