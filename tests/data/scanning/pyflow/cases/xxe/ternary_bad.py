from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-ternary', methods=['GET', 'POST'])
def xxe_ternary():
    param = ""
    for header_name in request.headers.keys():
        param = header_name
    num = 106
    bar = True if (7 * 18) + num > 200 else False
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
