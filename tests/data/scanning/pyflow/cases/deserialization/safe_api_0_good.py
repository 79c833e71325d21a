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
    values = request.args.getlist("item")
    param = values[0] if values else ""
    obj = yaml.safe_load(param)
    return str(obj)
