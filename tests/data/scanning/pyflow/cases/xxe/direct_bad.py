from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-direct', methods=['GET', 'POST'])
def xxe_direct():
    param = request.headers.get("X-Custom", "")
    bar = True
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


class Fixed:
    def forward(self, value):
        return "fixed"
