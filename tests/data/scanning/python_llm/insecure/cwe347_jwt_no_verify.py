import jwt
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/me")
def me():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    return jsonify(user=claims["sub"])
