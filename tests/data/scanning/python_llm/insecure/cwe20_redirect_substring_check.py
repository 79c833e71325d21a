from flask import Flask, abort, redirect, request

app = Flask(__name__)


@app.route("/out")
def outbound():
    """Follow a link only if it points to our own site."""
    target_url = request.args.get("url", "")
    if "example.com" in target_url:
        return redirect(target_url)
    abort(400)
