import xml.etree.ElementTree as ET

from flask import Flask, request

app = Flask(__name__)


@app.route("/order", methods=["POST"])
def order():
    root = ET.fromstring(request.data)
    return {"id": root.findtext("id")}
