from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/orders")
def orders():
    status = request.args.get("status", "open")
    if status not in {"open", "shipped", "closed"}:
        status = "open"
    return jsonify(list(db.orders.find({"status": status}, {"_id": 0})))
