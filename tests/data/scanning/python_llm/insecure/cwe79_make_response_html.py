from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    resp = make_response(f"<p>No results for <b>{q}</b></p>")
    resp.headers["Content-Type"] = "text/html"
    return resp
