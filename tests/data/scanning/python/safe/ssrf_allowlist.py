from urllib.parse import urlparse

import requests
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ALLOWED_HOSTS = {"docs.example.com", "blog.example.com"}


@app.route("/api/preview", methods=["POST"])
def link_preview():
    url = request.get_json()["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5, allow_redirects=False)
    return jsonify(url=url, status=resp.status_code)
