from html import escape

from flask import Flask, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = escape(request.args.get("name", "guest"))
    return f"<html><body><h1>Hello, {name}!</h1></body></html>"
