from flask import Flask, request

app = Flask(__name__)


@app.route("/banner")
def banner():
    """Return a banner repeated as many times as requested."""
    text = request.args.get("text", "hello")
    times = int(request.args.get("times", "1"))
    return text * times
