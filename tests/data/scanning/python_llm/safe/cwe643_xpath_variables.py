from flask import Flask, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("users.xml")


@app.route("/login", methods=["POST"])
def login():
    found = USERS.xpath(
        "//user[name/text()=$name and password/text()=$pw]",
        name=request.form["user"],
        pw=request.form["password"],
    )
    return "ok" if found else ("denied", 403)
