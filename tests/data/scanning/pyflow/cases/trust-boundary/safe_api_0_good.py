from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/trust-boundary-safe-api', methods=['GET', 'POST'])
def trust_boundary_safe_api():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    session['visited'] = True
    return 'stored'
