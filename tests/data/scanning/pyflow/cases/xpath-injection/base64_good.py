from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-base64', methods=['GET', 'POST'])
def xpath_injection_base64():
    param = request.values["q"]
    encoded = base64.b64encode(str('safe_value').encode('utf-8'))
    bar = base64.b64decode(encoded).decode('utf-8')
    root = etree.fromstring('<users><user name="a"/></users>')
    found = root.xpath("//user[@name='" + bar + "']")
    return str(len(found))


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"
