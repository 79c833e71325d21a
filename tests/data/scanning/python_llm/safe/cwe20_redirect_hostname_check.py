from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/out")
def outbound():
    """Follow a link only if it points to our own site."""
    target_url = request.args.get("url", "")
    parsed = urlparse(target_url)
    if parsed.scheme in ("http", "https") and parsed.hostname in ALLOWED_HOSTS:
        return redirect(target_url)
    abort(400)
