from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-helper_class', methods=['GET', 'POST'])
def xxe_helper_class():
    param = request.headers.get("X-Custom", "")
    thing = Relay()
    bar = thing.forward(True)
    parser = etree.XMLParser(resolve_entities=bar, no_network=True)
    doc = etree.fromstring(param.encode(), parser)
    return doc.tag


def pass_through(value):
    return value


def constant_of(value):
    return "constant"


class Relay:
    def forward(self, value):
        return value

    def fixed(self, value):
        return "fixed"
