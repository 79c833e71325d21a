import csv
import io

from flask import Flask, Response
from .models import Comment

app = Flask(__name__)


@app.route("/export.csv")
def export():
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["author", "comment"])
    for c in Comment.query.all():
        writer.writerow([c.author, c.text])
    return Response(buf.getvalue(), mimetype="text/csv")
