import re

from flask import Flask, jsonify, request

app = Flask(__name__)
NAMES = ["alice", "bob", "carol"]


@app.route("/filter")
def filter_names():
    needle = re.escape(request.args["q"])
    return jsonify([n for n in NAMES if re.search(needle, n)])
