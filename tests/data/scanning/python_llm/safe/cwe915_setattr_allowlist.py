from flask import Flask, request

from .models import User, db

app = Flask(__name__)
EDITABLE = {"display_name", "bio", "avatar_url"}


@app.route("/profile/<int:user_id>", methods=["PATCH"])
def update_profile(user_id):
    user = User.query.get_or_404(user_id)
    for key, value in request.get_json().items():
        if key in EDITABLE:
            setattr(user, key, value)
    db.session.commit()
    return {"ok": True}
