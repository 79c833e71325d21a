from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS_DIR = "/var/app/reports"


@app.route("/reports/download")
def download_report():
    filename = secure_filename(request.args.get("name", ""))
    return send_from_directory(REPORTS_DIR, filename, as_attachment=True)
