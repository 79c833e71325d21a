import re

from flask import Flask, jsonify, request

app = Flask(__name__)
NAMES = ["alice", "bob", "carol"]


@app.route("/filter")
def filter_names():
    pattern = re.compile(request.args["pattern"])
    return jsonify([n for n in NAMES if pattern.search(n)])
