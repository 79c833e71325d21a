from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-api-1', methods=['GET', 'POST'])
def xss_api_1():
    param = request.headers.get("X-Custom", "")
    return render_template_string('<p>Hello ' + param + '</p>')
