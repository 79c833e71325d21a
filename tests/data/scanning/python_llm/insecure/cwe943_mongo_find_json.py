import json

from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.route("/orders")
def orders():
    query = json.loads(request.args["filter"])
    return jsonify(list(db.orders.find(query, {"_id": 0})))
