import hashlib
import hmac

from flask import Flask, abort, request

app = Flask(__name__)
WEBHOOK_SECRET = __import__("os").environ["WEBHOOK_SECRET"].encode()


@app.route("/webhook", methods=["POST"])
def webhook():
    expected = hmac.new(WEBHOOK_SECRET, request.data, hashlib.sha256).hexdigest()
    if request.headers.get("X-Signature") != expected:
        abort(401)
    return "ok"
