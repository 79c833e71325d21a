import re

import requests
from flask import Flask, abort, request

app = Flask(__name__)
IMAGE_URL = re.compile(r"^https://(images|cdn)\.example\.com/[\w/.-]+$")


@app.route("/thumbnail")
def thumbnail():
    image_url = request.args["src"]
    if not IMAGE_URL.match(image_url):
        abort(400)
    return requests.get(image_url, timeout=5).content
