from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-dict', methods=['GET', 'POST'])
def xpath_injection_dict():
    param = request.args.get("name", "")
    lookup = {}
    lookup['keyA'] = 'safe_value'
    lookup['keyB'] = param
    bar = lookup['keyA']
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
