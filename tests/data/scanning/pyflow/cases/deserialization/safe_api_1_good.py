from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
import pickle
import yaml

app = Flask(__name__)


@app.route('/deserialization-safe-api', methods=['GET', 'POST'])
def deserialization_safe_api():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    obj = yaml.load(param, Loader=yaml.SafeLoader)
    return str(obj)
