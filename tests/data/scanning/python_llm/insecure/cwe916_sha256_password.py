import hashlib


def hash_password(password: str) -> str:
    """Hash a password before storing it in the users table."""
    return hashlib.sha256(password.encode("utf-8")).hexdigest()
