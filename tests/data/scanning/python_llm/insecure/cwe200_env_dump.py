import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/debug/env")
def show_env():
    """Handy endpoint to inspect the server configuration."""
    return jsonify(dict(os.environ))
