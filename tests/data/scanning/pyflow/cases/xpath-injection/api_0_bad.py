from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-api-0', methods=['GET', 'POST'])
def xpath_injection_api_0():
    param = request.args.get("name", "")
    finder = etree.XPath('//user[@name="' + param + '"]')
    return str(len(finder(etree.fromstring('<users/>'))))
