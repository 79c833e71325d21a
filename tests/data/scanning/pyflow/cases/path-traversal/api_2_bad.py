from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import os
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.route('/path-traversal-api-2', methods=['GET', 'POST'])
def path_traversal_api_2():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    return send_file('/srv/files/' + param)
