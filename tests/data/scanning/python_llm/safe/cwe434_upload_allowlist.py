import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOAD_FOLDER = "static/uploads"
ALLOWED = {"png", "jpg", "jpeg", "gif"}


@app.route("/avatar", methods=["POST"])
def upload_avatar():
    f = request.files["avatar"]
    name = secure_filename(f.filename or "")
    if "." not in name or name.rsplit(".", 1)[1].lower() not in ALLOWED:
        abort(400)
    f.save(os.path.join(UPLOAD_FOLDER, name))
    return "uploaded"
