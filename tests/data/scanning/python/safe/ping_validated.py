import ipaddress
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping", methods=["POST"])
def ping():
    host = str(ipaddress.ip_address(request.form["host"]))
    result = subprocess.run(["ping", "-c", "3", host], capture_output=True, check=False)
    return {"reachable": result.returncode == 0}
