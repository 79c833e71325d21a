from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
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
