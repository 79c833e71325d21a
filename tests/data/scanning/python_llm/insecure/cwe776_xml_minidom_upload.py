from xml.dom import minidom

from flask import Flask, request

app = Flask(__name__)


@app.route("/feed", methods=["POST"])
def feed():
    doc = minidom.parseString(request.data)
    titles = [n.firstChild.data for n in doc.getElementsByTagName("title")]
    return {"titles": titles}
