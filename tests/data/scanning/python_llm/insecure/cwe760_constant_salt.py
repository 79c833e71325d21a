import hashlib

SALT = b"acme-static-salt"


def hash_password(password: str) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), SALT, 100_000)
