import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore_session():
    payload = base64.b64decode(request.cookies.get("session", ""))
    session = pickle.loads(payload)
    return {"user": session.get("user")}
