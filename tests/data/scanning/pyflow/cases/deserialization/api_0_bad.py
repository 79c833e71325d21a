from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import pickle
import yaml

app = Flask(__name__)


@app.route('/deserialization-api-0', methods=['GET', 'POST'])
def deserialization_api_0():
    param = request.values["q"]
    obj = yaml.load(param, Loader=yaml.Loader)
    return str(obj)
