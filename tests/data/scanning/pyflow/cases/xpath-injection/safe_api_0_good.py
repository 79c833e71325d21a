from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-safe-api', methods=['GET', 'POST'])
def xpath_injection_safe_api():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    root = etree.fromstring('<users><user name="a"/></users>')
    found = root.xpath('//user[@name=$name]', name=param)
    return str(len(found))
