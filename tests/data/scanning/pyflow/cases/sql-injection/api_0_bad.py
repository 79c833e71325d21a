from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
import sqlite3

app = Flask(__name__)


@app.route('/sql-injection-api-0', methods=['GET', 'POST'])
def sql_injection_api_0():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    cur = sqlite3.connect('app.db').cursor()
    cur.execute('DELETE FROM items WHERE id = %s' % param)
    return 'deleted'
