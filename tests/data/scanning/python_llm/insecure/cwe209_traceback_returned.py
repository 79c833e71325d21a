import traceback

from flask import Flask, request

app = Flask(__name__)


@app.route("/divide")
def divide():
    try:
        a = float(request.args["a"])
        b = float(request.args["b"])
        return {"result": a / b}
    except Exception:
        return {"error": traceback.format_exc()}, 500
