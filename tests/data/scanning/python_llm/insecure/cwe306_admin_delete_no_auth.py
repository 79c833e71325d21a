from flask import Flask

from .models import User, db

app = Flask(__name__)


@app.route("/admin/users/<int:user_id>/delete", methods=["POST"])
def delete_user(user_id):
    db.session.delete(User.query.get_or_404(user_id))
    db.session.commit()
    return {"deleted": user_id}
