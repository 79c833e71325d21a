import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger("auth")


def _clean(value: str) -> str:
    """Strip CR/LF so one request cannot forge extra log lines."""
    return value.replace("\r", "").replace("\n", "")


@app.route("/login", methods=["POST"])
def login():
    username = _clean(request.form["username"])
    logger.warning("Failed login attempt for user %s", username)
    return "Invalid credentials", 401
