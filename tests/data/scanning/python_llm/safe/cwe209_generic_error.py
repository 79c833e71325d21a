import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/divide")
def divide():
    try:
        a = float(request.args["a"])
        b = float(request.args["b"])
        return {"result": a / b}
    except (ValueError, ZeroDivisionError):
        log.exception("bad division input")
        return {"error": "invalid input"}, 400
