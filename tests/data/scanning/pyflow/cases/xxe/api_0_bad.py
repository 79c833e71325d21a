from flask import Flask, Response, abort, jsonify, make_response, redirect, render_template_string, request
from flask import send_file, session
import base64
import configparser
import io
from lxml import etree

app = Flask(__name__)


@app.route('/xxe-api-0', methods=['GET', 'POST'])
def xxe_api_0():
    param = request.headers.get("X-Custom", "")
    import xml.sax
    from xml.sax.handler import feature_external_ges
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.parse(io.StringIO(param))
    return 'parsed'
