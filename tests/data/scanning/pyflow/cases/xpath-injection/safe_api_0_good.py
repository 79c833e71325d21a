from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
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
