from flask import Flask, abort, jsonify, make_response, redirect, request, session
import base64
import configparser
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-safe-api', methods=['GET', 'POST'])
def xxe_safe_api():
    param = request.args.get("name", "")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(param.encode(), parser)
    return doc.tag
