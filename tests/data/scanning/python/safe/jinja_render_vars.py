from flask import Flask, render_template_string, request

app = Flask(__name__)
GREETING = "<html><body><h1>Welcome, {{ name }}!</h1></body></html>"


@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    return render_template_string(GREETING, name=name)
