import importlib

from flask import Flask, abort, request

app = Flask(__name__)
PLUGINS = {"csv": "plugins.csv_export", "pdf": "plugins.pdf_export"}


@app.route("/run")
def run_plugin():
    target = PLUGINS.get(request.args.get("name", ""))
    if target is None:
        abort(404)
    return str(importlib.import_module(target).run())
