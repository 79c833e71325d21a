from flask import Flask, request

from .models import User, db

app = Flask(__name__)


@app.route("/profile/<int:user_id>", methods=["PATCH"])
def update_profile(user_id):
    user = User.query.get_or_404(user_id)
    for key, value in request.get_json().items():
        setattr(user, key, value)
    db.session.commit()
    return {"ok": True}
