import re
from urllib.parse import urlparse

from flask import Flask, abort, redirect, request

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/go")
def go():
    target = request.args.get("url", "/")
    # ruleid: python.url-host-substring-check
    if "example.com" in target:
        return redirect(target)
    abort(400)


@app.route("/go2")
def go2():
    next_url = request.args.get("next", "/")
    # ruleid: python.url-host-substring-check
    if next_url.startswith("https://example.com"):
        return redirect(next_url)
    return redirect("/")


@app.route("/go3")
def go3():
    target = request.args.get("url", "/")
    # ok: python.url-host-substring-check
    if urlparse(target).hostname in ALLOWED_HOSTS:
        return redirect(target)
    abort(400)


@app.route("/go4")
def go4():
    next_url = request.args.get("next", "/")
    # ok: python.url-host-substring-check
    if next_url.startswith("https://example.com/"):
        return redirect(next_url)
    return redirect("/")


def mentions(text):
    # ok: python.url-host-substring-check
    if "example.com" in text:
        return True
    return False


@app.route("/img")
def img():
    target = request.args["url"]
    # ruleid: python.hostname-regex-unescaped-dot
    if re.match(r"^https?://(www|images).example.com/", target):
        return redirect(target)
    abort(400)


@app.route("/img2")
def img2():
    target = request.args["url"]
    # ok: python.hostname-regex-unescaped-dot
    if re.match(r"^https?://(www|images)\.example\.com/", target):
        return redirect(target)
    abort(400)
