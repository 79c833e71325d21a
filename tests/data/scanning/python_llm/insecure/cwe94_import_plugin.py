import importlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run_plugin():
    module = importlib.import_module("plugins." + request.args["name"])
    return str(module.run())
