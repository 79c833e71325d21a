from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io


app = Flask(__name__)


@app.route('/insecure-cookie-safe-api', methods=['GET', 'POST'])
def insecure_cookie_safe_api():
    param = request.cookies.get("pref", "")
    resp = make_response('ok')
    resp.set_cookie('pref', 'v', secure=True, httponly=True, samesite='Lax')
    return resp
