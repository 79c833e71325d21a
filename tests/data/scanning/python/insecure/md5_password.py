import hashlib


def register_user(db, username, password):
    password_hash = hashlib.md5(password.encode("utf-8")).hexdigest()
    db.execute(
        "INSERT INTO users (username, password_hash) VALUES (?, ?)",
        (username, password_hash),
    )
    db.commit()


def check_password(stored_hash, password):
    return hashlib.md5(password.encode("utf-8")).hexdigest() == stored_hash
