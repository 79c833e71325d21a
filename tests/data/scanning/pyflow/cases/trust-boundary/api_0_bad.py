from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/trust-boundary-api-0', methods=['GET', 'POST'])
def trust_boundary_api_0():
    param = request.values["q"]
    session.update({'theme': param})
    return 'stored'
