from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/insecure-cookie-api-0', methods=['GET', 'POST'])
def insecure_cookie_api_0():
    values = request.args.getlist("item")
    param = values[0] if values else ""
    resp = make_response('ok')
    resp.set_cookie('pref', param)
    return resp
