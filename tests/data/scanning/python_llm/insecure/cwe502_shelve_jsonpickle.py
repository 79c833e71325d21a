import jsonpickle
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    state = jsonpickle.decode(request.get_data(as_text=True))
    return {"restored": str(type(state))}
