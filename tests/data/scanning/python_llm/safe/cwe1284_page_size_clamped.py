"""Paginated product listing."""
from flask import Flask, jsonify, request

app = Flask(__name__)
PRODUCTS = [{"id": i, "name": f"item {i}"} for i in range(1000)]
MAX_PAGE = 100


@app.route("/products")
def list_products():
    size = min(max(int(request.args.get("size", 20)), 1), MAX_PAGE)
    page = max(int(request.args.get("page", 0)), 0)
    start = page * size
    return jsonify(PRODUCTS[start:start + size])
