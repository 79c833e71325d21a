from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-helper_class', methods=['GET', 'POST'])
def xpath_injection_helper_class():
    body = request.get_json(silent=True) or {}
    param = str(body.get("value", ""))
    thing = Relay()
    bar = thing.forward(param)
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


class Fixed:
    def forward(self, value):
        return "fixed"
