import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "Hello, World!"


if __name__ == "__main__":
    app.run(port=8080, debug=os.environ.get("FLASK_DEBUG") == "1")
