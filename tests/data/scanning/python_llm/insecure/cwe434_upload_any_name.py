import os

from flask import Flask, request

app = Flask(__name__)
UPLOAD_FOLDER = "static/uploads"


@app.route("/avatar", methods=["POST"])
def upload_avatar():
    f = request.files["avatar"]
    f.save(os.path.join(UPLOAD_FOLDER, f.filename))
    return "uploaded"
