from flask import Flask, request
from pymongo import MongoClient
from werkzeug.security import check_password_hash

app = Flask(__name__)
users = MongoClient()["app"]["users"]


@app.route("/login", methods=["POST"])
def login():
    data = request.get_json()
    user = users.find_one({"username": str(data["username"])})
    if user and check_password_hash(user["password_hash"], str(data["password"])):
        return "ok", 200
    return "denied", 403
