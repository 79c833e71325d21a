from flask import Flask, abort, jsonify, request

app = Flask(__name__)
COLORS = ["red", "green", "blue"]


@app.route("/color")
def color():
    """Look up a color by position, rejecting out-of-range indexes."""
    try:
        idx = int(request.args.get("i", "0"))
    except ValueError:
        abort(400)
    if not 0 <= idx < len(COLORS):
        abort(404)
    return jsonify(color=COLORS[idx])
