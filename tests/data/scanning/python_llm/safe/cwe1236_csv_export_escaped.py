import csv
import io

from flask import Flask, Response
from .models import Comment

app = Flask(__name__)


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas (=, +, -, @) in user-supplied text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@app.route("/export.csv")
def export():
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["author", "comment"])
    for c in Comment.query.all():
        writer.writerow([_cell(c.author), _cell(c.text)])
    return Response(buf.getvalue(), mimetype="text/csv")
