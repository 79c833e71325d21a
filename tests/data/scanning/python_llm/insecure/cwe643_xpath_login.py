from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("users.xml")


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    pw = request.form["password"]
    query = "//user[name/text()='" + user + "' and password/text()='" + pw + "']"
    return "ok" if USERS.xpath(query) else ("denied", 403)
