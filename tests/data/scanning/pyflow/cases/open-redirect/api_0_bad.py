from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from urllib.parse import urlparse

app = Flask(__name__)


@app.route('/open-redirect-api-0', methods=['GET', 'POST'])
def open_redirect_api_0():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    return Response('', status=302, headers={'Location': param})
