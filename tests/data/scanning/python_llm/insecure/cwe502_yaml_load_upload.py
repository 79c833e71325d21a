import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def upload_config():
    config = yaml.load(request.data, Loader=yaml.Loader)
    return {"keys": list(config)}
