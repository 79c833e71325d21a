import base64
import json

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore_session():
    payload = base64.b64decode(request.cookies.get("session", ""))
    session = json.loads(payload)
    return {"user": session.get("user")}
