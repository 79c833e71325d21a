from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser


app = Flask(__name__)


@app.route('/insecure-cookie-safe-api', methods=['GET', 'POST'])
def insecure_cookie_safe_api():
    param = request.cookies.get("pref", "")
    resp = make_response('ok')
    resp.set_cookie('pref', 'v', secure=True, httponly=True, samesite='Lax')
    return resp
