import bcrypt


def hash_password(password: str) -> bytes:
    """Hash a password before storing it in the users table."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12))


def verify_password(password: str, stored: bytes) -> bool:
    return bcrypt.checkpw(password.encode("utf-8"), stored)
