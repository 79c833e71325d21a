from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-safe-api', methods=['GET', 'POST'])
def xxe_safe_api():
    param = request.args.get("name", "")
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    doc = etree.fromstring(param.encode(), parser)
    return doc.tag
