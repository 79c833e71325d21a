import hashlib
import sqlite3


def check_login(username: str, password: str) -> bool:
    db = sqlite3.connect("users.db")
    row = db.execute("SELECT pw_hash FROM users WHERE username = ?", (username,)).fetchone()
    return row is not None and row[0] == hashlib.md5(password.encode()).hexdigest()
