from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-config', methods=['GET', 'POST'])
def xxe_config():
    param = request.args.get("name", "")
    conf = configparser.ConfigParser()
    conf.add_section('s')
    conf.set('s', 'keyA', False)
    conf.set('s', 'keyB', True)
    bar = conf.get('s', 'keyB')
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
