from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload():
    data = request.files["file"].read()
    return {"size": len(data)}
