import os

import jwt
from flask import Flask, jsonify, request

app = Flask(__name__)
JWT_KEY = os.environ["JWT_SIGNING_KEY"]


@app.route("/me")
def me():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, JWT_KEY, algorithms=["HS256"], audience="acme-api")
    return jsonify(user=claims["sub"])
