import os

from flask import Flask, request, send_file

app = Flask(__name__)
REPORTS_DIR = "/var/app/reports"


@app.route("/reports/download")
def download_report():
    filename = request.args.get("name")
    return send_file(os.path.join(REPORTS_DIR, filename), as_attachment=True)
