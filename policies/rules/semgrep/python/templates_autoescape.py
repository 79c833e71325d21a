import flask
from flask import Flask, render_template, request

app = Flask(__name__)


@app.route("/note")
def note():
    # ruleid: python.flask-template-not-autoescaped
    return render_template("note.txt", body=request.args.get("body"))


@app.route("/card/<style>")
def card(style):
    # ruleid: python.flask-template-not-autoescaped
    page = render_template("%s.jinja2" % style, **request.args)
    # ruleid: python.flask-template-not-autoescaped
    other = flask.render_template("cards/" + "plain.j2", title=request.args["title"])
    return page + other


@app.route("/card-safe/<style>")
def card_safe(style):
    # ok: python.flask-template-not-autoescaped
    page = render_template("%s.html" % style, **request.args)
    # ok: python.flask-template-not-autoescaped
    static = render_template("robots.txt")
    # ok: python.flask-template-not-autoescaped
    feed = render_template("feed.xml", items=request.args.getlist("item"))
    # ok: python.flask-template-not-autoescaped
    return render_template("note.html", body=request.args.get("body")) + page + static + feed
