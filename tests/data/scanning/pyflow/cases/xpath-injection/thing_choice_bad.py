from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xpath-injection-thing_choice', methods=['GET', 'POST'])
def xpath_injection_thing_choice():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    thing = Relay() if 3 * 7 > 20 else Fixed()
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
