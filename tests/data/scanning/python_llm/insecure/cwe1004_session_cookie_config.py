from flask import Flask

app = Flask(__name__)
app.config.update(
    SECRET_KEY=__import__("os").environ["SECRET_KEY"],
    SESSION_COOKIE_HTTPONLY=False,
    SESSION_COOKIE_SECURE=True,
)
