import zipfile

from flask import Flask, abort, request

app = Flask(__name__)
MAX_TOTAL = 50 * 1024 * 1024


@app.route("/import", methods=["POST"])
def import_archive():
    archive = zipfile.ZipFile(request.files["archive"])
    if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL:
        abort(413)
    total = sum(len(archive.read(info)) for info in archive.infolist())
    return {"bytes": total}
