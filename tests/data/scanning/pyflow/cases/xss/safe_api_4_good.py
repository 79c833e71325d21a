from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import html
from markupsafe import escape

app = Flask(__name__)


@app.route('/xss-safe-api', methods=['GET', 'POST'])
def xss_safe_api():
    param = request.cookies.get("pref", "")
    return jsonify(greeting=param)
