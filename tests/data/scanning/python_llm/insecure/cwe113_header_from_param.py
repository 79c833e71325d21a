from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/download")
def download():
    name = request.args.get("name", "report.pdf")
    resp = make_response(b"%PDF-1.4 ...")
    resp.headers["Content-Disposition"] = "attachment; filename=" + name
    return resp
