import os

from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/version")
def version():
    return jsonify(version=os.environ.get("APP_VERSION", "dev"))
