import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/ping", methods=["POST"])
def ping():
    host = request.form["host"]
    exit_code = os.system("ping -c 3 " + host)
    return {"reachable": exit_code == 0}
