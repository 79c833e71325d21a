from flask import Flask, abort, session
from flask_login import current_user, login_required

from .models import User, db

app = Flask(__name__)


# ruleid: python.admin-route-unauthenticated
@app.route("/admin/users/<int:user_id>/delete", methods=["POST"])
def delete_user(user_id):
    db.session.delete(User.query.get_or_404(user_id))
    db.session.commit()
    return {"deleted": user_id}


# ruleid: python.admin-route-unauthenticated
@app.route("/admin/stats")
def stats():
    return {"users": User.query.count()}


# ok: python.admin-route-unauthenticated
@app.route("/admin/users/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_user(user_id):
    if not current_user.is_admin:
        abort(403)
    db.session.delete(User.query.get_or_404(user_id))
    return {"deleted": user_id}


# ok: python.admin-route-unauthenticated
@app.route("/admin/reset", methods=["POST"])
def reset():
    if session.get("role") != "admin":
        abort(403)
    return "ok"


# ok: python.admin-route-unauthenticated
@app.route("/products")
def products():
    return {"products": []}


# ok: python.admin-route-unauthenticated
@app.route("/items/<int:item_id>/delete", methods=["POST"])
@login_required
def delete_item(item_id):
    return {"deleted": item_id}
