"""Paginated product listing."""
from flask import Flask, jsonify, request

app = Flask(__name__)
PRODUCTS = [{"id": i, "name": f"item {i}"} for i in range(1000)]


@app.route("/products")
def list_products():
    # The client decides how many rows to build into the response.
    size = int(request.args.get("size", 20))
    rows = [PRODUCTS[i % len(PRODUCTS)] for i in range(size)]
    return jsonify(rows)
