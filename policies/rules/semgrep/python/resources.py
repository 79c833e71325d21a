import os
import zipfile

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
ITEMS = list(range(100))
MAX_PAGE = 100
MAX_TOTAL = 50 * 1024 * 1024


@app.route("/items")
def items():
    size = int(request.args.get("size", 20))
    # ruleid: python.unbounded-quantity-from-request
    return jsonify([ITEMS[i % 100] for i in range(size)])


@app.route("/banner")
def banner():
    text = request.args.get("text", "hi")
    times = int(request.args.get("times", "1"))
    # ruleid: python.unbounded-quantity-from-request
    return text * times


@app.route("/noise")
def noise():
    # ruleid: python.unbounded-quantity-from-request
    return os.urandom(int(request.args["n"])).hex()


@app.route("/items-clamped")
def items_clamped():
    size = min(int(request.args.get("size", 20)), MAX_PAGE)
    # ok: python.unbounded-quantity-from-request
    return jsonify([ITEMS[i % 100] for i in range(size)])


@app.route("/items-checked")
def items_checked():
    size = int(request.args.get("size", 20))
    if size > MAX_PAGE:
        abort(400)
    # ok: python.unbounded-quantity-from-request
    return jsonify([ITEMS[i % 100] for i in range(size)])


@app.route("/items-range")
def items_range():
    size = int(request.args.get("size", 20))
    if not 1 <= size <= MAX_PAGE:
        abort(400)
    # ok: python.unbounded-quantity-from-request
    return jsonify([ITEMS[i % 100] for i in range(size)])


@app.route("/price")
def price():
    qty = int(request.args["qty"])
    unit_price = 3
    # ok: python.unbounded-quantity-from-request
    return jsonify(total=unit_price * qty)


@app.route("/import", methods=["POST"])
def import_archive():
    archive = zipfile.ZipFile(request.files["archive"])
    total = 0
    for name in archive.namelist():
        # ruleid: python.archive-decompression-unbounded
        total += len(archive.read(name))
    return {"bytes": total}


@app.route("/import-checked", methods=["POST"])
def import_checked():
    archive = zipfile.ZipFile(request.files["archive"])
    if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL:
        abort(413)
    # ok: python.archive-decompression-unbounded
    archive.extractall("/srv/imports")
    return "ok"


def local_archive(path):
    with zipfile.ZipFile(path) as archive:
        # ok: python.archive-decompression-unbounded
        return archive.read("manifest.json")
