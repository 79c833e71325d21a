import zipfile

from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_archive():
    archive = zipfile.ZipFile(request.files["archive"])
    total = 0
    for name in archive.namelist():
        total += len(archive.read(name))
    return {"bytes": total}
