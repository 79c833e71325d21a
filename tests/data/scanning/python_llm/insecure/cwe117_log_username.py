import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("auth")


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    logger.warning("Failed login attempt for user %s" % username)
    return "Invalid credentials", 401
